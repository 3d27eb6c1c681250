<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>ActionForm</name>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>专业部门</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>Extra time</source>
        <translation>延长时限</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>催办内容</translation>
    </message>
    <message>
        <source>Reply</source>
        <translation>回复</translation>
    </message>
    <message>
        <source>Confirmed</source>
        <translation>属实</translation>
    </message>
    <message>
        <source>Not confirmed</source>
        <translation>不属实</translation>
    </message>
    <message>
        <source>Passed</source>
        <translation>通过</translation>
    </message>
    <message>
        <source>Rework</source>
        <translation>返工</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>批准</translation>
    </message>
    <message>
        <source>Refuse</source>
        <translation>不批准</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Returned by {department}: {reason}</source>
        <translation>{department} 退回：{reason}</translation>
    </message>
    <message>
        <source>Returned by {department}</source>
        <translation>{department} 退回</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>确认</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Choose an answer: {yes} or {no}</source>
        <translation>请选择：{yes} 或 {no}</translation>
    </message>
    <message>
        <source>{field} is required</source>
        <translation>请填写{field}</translation>
    </message>
    <message>
        <source>{department} returned this case: sending it back needs a reason</source>
        <translation>本案件由 {department} 退回：再派给该部门须填写原因</translation>
    </message>
    <message>
        <source>Kept in the case history</source>
        <translation>记入案件历史</translation>
    </message>
    <message>
        <source>Needed only to send the case back to the department that returned it</source>
        <translation>仅在派回退回部门时填写</translation>
    </message>
    <message>
        <source>Choose a department</source>
        <translation>请选择部门</translation>
    </message>
    <message>
        <source>{name} (returned it)</source>
        <translation>{name}（已退回）</translation>
    </message>
    <message>
        <source>{name} (class default)</source>
        <translation>{name}（默认）</translation>
    </message>
    <message>
        <source>Keep: {tier}</source>
        <translation>保持：{tier}</translation>
    </message>
    <message>
        <source>Why (kept in the case history)</source>
        <translation>原因（记入办理过程）</translation>
    </message>
    <message>
        <source>Optional</source>
        <translation>可选</translation>
    </message>
</context>
<context>
    <name>CaseBreakdown</name>
    <message>
        <source>Case</source>
        <translation>案件</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Expected dept.</source>
        <translation>应派部门</translation>
    </message>
    <message>
        <source>Chosen dept.</source>
        <translation>实派部门</translation>
    </message>
    <message>
        <source>Accept</source>
        <translation>受理</translation>
    </message>
    <message>
        <source>Register</source>
        <translation>立案</translation>
    </message>
    <message>
        <source>Dispatch</source>
        <translation>派遣</translation>
    </message>
    <message>
        <source>Missed</source>
        <translation>超期未办</translation>
    </message>
    <message>
        <source>{m} min</source>
        <translation>{m} 分钟</translation>
    </message>
    <message>
        <source>{who}, {m} min in the stage{late}</source>
        <translation>{who}，环节用时 {m} 分钟{late}</translation>
    </message>
    <message>
        <source>, after its deadline</source>
        <translation>，已超期</translation>
    </message>
    <message>
        <source>open and overdue at the end</source>
        <translation>结束时仍未办结且已超期</translation>
    </message>
</context>
<context>
    <name>CasePanel</name>
    <message>
        <source>Select a case in a queue, on the map or on the board</source>
        <translation>在队列、地图或联动看板中选择一个案件</translation>
    </message>
    <message>
        <source>Locate</source>
        <translation>地图定位</translation>
    </message>
    <message>
        <source>Show the case on the map</source>
        <translation>在地图上显示该案件</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Tier / source</source>
        <translation>等级 / 来源</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>专业部门</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>问题描述</translation>
    </message>
    <message>
        <source>Reporter</source>
        <translation>上报人</translation>
    </message>
    <message>
        <source>Rework / returns / extensions</source>
        <translation>返工 / 退回 / 延期</translation>
    </message>
    <message>
        <source>Also reported</source>
        <translation>重复反映</translation>
    </message>
    <message>
        <source>Pending request</source>
        <translation>待审批申请</translation>
    </message>
    <message>
        <source>Returned by</source>
        <translation>退回部门</translation>
    </message>
    <message>
        <source>Register when</source>
        <translation>立案条件</translation>
    </message>
    <message>
        <source>Close when</source>
        <translation>结案条件</translation>
    </message>
    <message>
        <source>No step for your role on this case now</source>
        <translation>您的岗位当前对该案件无可办理步骤</translation>
    </message>
    <message>
        <source>History</source>
        <translation>办理过程</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>办理人</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>步骤</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>{department}: {reason}</source>
        <translation>{department}：{reason}</translation>
    </message>
    <message>
        <source>{stage} deadline {at} · &lt;b style='color:{color}'&gt;{time}&lt;/b&gt;</source>
        <translation>{stage}时限 {at} · &lt;b style='color:{color}'&gt;{time}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>derived partition, not surveyed boundaries</source>
        <translation>派生划分，非实测边界</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>This stage was finished after its deadline</source>
        <translation>该环节超期完成</translation>
    </message>
    <message>
        <source>Merged into case {number}</source>
        <translation>已并入案件 {number}</translation>
    </message>
    <message>
        <source>{n} more calls about this problem</source>
        <translation>另有 {n} 次来电反映同一问题</translation>
    </message>
    <message>
        <source>Possible duplicate of {numbers}</source>
        <translation>疑似重复：{numbers}</translation>
    </message>
    <message>
        <source>Case {number} is no longer on this desk</source>
        <translation>案件 {number} 已不在本席位</translation>
    </message>
    <message>
        <source>Case {number}: {step} by {who} at {time}</source>
        <translation>案件 {number} 已被 {who} 于 {time} {step}</translation>
    </message>
</context>
<context>
    <name>CaseSearchResults</name>
    <message>
        <source>Open cases: {count}</source>
        <translation>在办案件：{count}</translation>
    </message>
    <message>
        <source>… {more} more in the queues below</source>
        <translation>… 另有 {more} 件，见下方队列</translation>
    </message>
    <message>
        <source>Closed, rejected and cancelled cases: searching…</source>
        <translation>已结案、不受理、作废案件：正在搜索…</translation>
    </message>
    <message>
        <source>The database could not be searched: {problem}</source>
        <translation>无法搜索数据库：{problem}</translation>
    </message>
    <message>
        <source>More closed cases…</source>
        <translation>更多已结案件…</translation>
    </message>
    <message>
        <source>Closed cases are not searched here</source>
        <translation>此处不搜索已结案件</translation>
    </message>
    <message>
        <source>Closed, rejected and cancelled cases: {count}</source>
        <translation>已结案、不受理、作废案件：{count}</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>正在搜索…</translation>
    </message>
</context>
<context>
    <name>ColumnModel</name>
    <message>
        <source>Evidence: {n} files (photos, video, audio)</source>
        <translation>附件 {n} 个（照片、视频、录音）</translation>
    </message>
</context>
<context>
    <name>DepartmentColumn</name>
    <message>
        <source>overdue {n}</source>
        <translation>超期 {n}</translation>
    </message>
    <message>
        <source>open {n}</source>
        <translation>在办 {n}</translation>
    </message>
    <message>
        <source>{open} · {overdue} · on time {rate}</source>
        <translation>{open} · {overdue} · 按期率 {rate}</translation>
    </message>
    <message>
        <source>Cases in hand, overdue now, on-time handling rate today</source>
        <translation>在办案件数、当前超期数、今日按期处置率</translation>
    </message>
</context>
<context>
    <name>DeskDialogs</name>
    <message>
        <source>Dispatch to another department?</source>
        <translation>派遣至非默认部门？</translation>
    </message>
    <message>
        <source>{case} is normally handled by {default}.

Dispatch it to {department} instead?</source>
        <translation>{case} 通常由 {default} 处置。

确定改派至 {department} 吗？</translation>
    </message>
    <message>
        <source>Re-dispatch</source>
        <translation>二次派遣</translation>
    </message>
    <message>
        <source>Re-dispatch {case} from {source} to {target}.
Reason:</source>
        <translation>将 {case} 从 {source} 改派至 {target}。
理由：</translation>
    </message>
    <message>
        <source>Dispatch a returned case?</source>
        <translation>派遣退回案件？</translation>
    </message>
    <message>
        <source>{returned_by} returned {case}: {reason}

Dispatch it to {department}?</source>
        <translation>{returned_by} 退回了 {case}：{reason}

派遣给 {department}？</translation>
    </message>
    <message>
        <source>Send back to the department that returned it</source>
        <translation>派回退回部门</translation>
    </message>
    <message>
        <source>{department} returned {case}: {reason}
Send it back to {department} anyway? Your reason:</source>
        <translation>{department} 退回了 {case}：{reason}
仍派回 {department}？请填写原因：</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>按键</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Grid-based city management command centre (网格化城市管理指挥中心)

Database: {db}</source>
        <translation>网格化城市管理指挥中心

数据库：{db}</translation>
    </message>
    <message>
        <source>About</source>
        <translation>关于</translation>
    </message>
</context>
<context>
    <name>DeskEvidence</name>
    <message>
        <source>Add evidence</source>
        <translation>添加附件</translation>
    </message>
    <message>
        <source>Photos, video and audio (*.jpg *.jpeg *.png *.heic *.mp4 *.mov *.webm *.3gp *.m4a *.mp3 *.wav *.amr *.aac *.ogg)</source>
        <translation>照片、视频和录音 (*.jpg *.jpeg *.png *.heic *.mp4 *.mov *.webm *.3gp *.m4a *.mp3 *.wav *.amr *.aac *.ogg)</translation>
    </message>
    <message>
        <source>What do the files show?</source>
        <translation>这些文件反映的是哪个阶段？</translation>
    </message>
    <message>
        <source>Evidence: {name}</source>
        <extracomment>the photo a before/after comparison puts beside the clicked one</extracomment>
        <translation>附件：{name}</translation>
    </message>
    <message>
        <source>{phase} · added by {who} at {at} · {size} KB · SHA-256 {hash}…</source>
        <translation>{phase} · {who} 于 {at} 上传 · {size} KB · SHA-256 {hash}…</translation>
    </message>
    <message>
        <source>Taken (camera clock): {taken} · case reported: {reported}</source>
        <translation>拍摄时间（相机时钟）：{taken} · 案件上报：{reported}</translation>
    </message>
    <message>
        <source>Taken at {lon:.6f}, {lat:.6f}: {metres} m from the case's place</source>
        <translation>拍摄位置 {lon:.6f}, {lat:.6f}：距案件位置 {metres} 米</translation>
    </message>
    <message>
        <source>{type}, {kb} KB: open it with a media player</source>
        <translation>{type}，{kb} KB：请用播放器打开</translation>
    </message>
</context>
<context>
    <name>DeskLoader</name>
    <message>
        <source>First start: making the demo district, its departments and staff…</source>
        <extracomment>what the progress dialog says during each stage of the demo build (commandcenter.demo.DEMO_STAGES)</extracomment>
        <translation>首次启动：正在生成演示城区及其部门和人员……</translation>
    </message>
    <message>
        <source>First start: simulating a month of cases…</source>
        <translation>首次启动：正在模拟一个月的案件……</translation>
    </message>
    <message>
        <source>First start: saving the district, components and users…</source>
        <translation>首次启动：正在保存城区、部件和用户……</translation>
    </message>
    <message>
        <source>First start: writing the cases and their event log…</source>
        <translation>首次启动：正在写入案件及其事件日志……</translation>
    </message>
    <message>
        <source>Opening the database…</source>
        <translation>正在打开数据库……</translation>
    </message>
    <message>
        <source>Loading the district…</source>
        <translation>正在载入城区……</translation>
    </message>
    <message>
        <source>Drawing street and community outlines…</source>
        <translation>正在绘制街道和社区边界……</translation>
    </message>
    <message>
        <source>Loading departments, users and components…</source>
        <translation>正在载入部门、用户和部件……</translation>
    </message>
    <message>
        <source>Starting the control desk…</source>
        <translation>正在启动指挥调度台……</translation>
    </message>
</context>
<context>
    <name>DeskMerge</name>
    <message>
        <source>Merge cases</source>
        <extracomment>how far the merge dialog looks for the case to keep (wider than intake's duplicate check)</extracomment>
        <translation>合并案件</translation>
    </message>
    <message>
        <source>Close {case} as merged into which open case?
Pick a nearby case or type its number:</source>
        <translation>将 {case} 并入哪个在办案件？
请选择附近的案件或输入案件编号：</translation>
    </message>
</context>
<context>
    <name>DeskPresenter</name>
    <message>
        <source>Case {number} is not in the queues as filtered now: it is shown in the case panel only.</source>
        <extracomment>the queue a role's desk opens on: its daily work</extracomment>
        <translation>案件 {number} 不在当前筛选后的队列中，仅在案件面板中显示。</translation>
    </message>
    <message>
        <source>Sign in to act on cases.</source>
        <translation>请先登录再办理案件。</translation>
    </message>
    <message>
        <source>Canned phrases saved.</source>
        <translation>惯用语已保存。</translation>
    </message>
    <message>
        <source>{step}: case {number} done.</source>
        <translation>{step}：案件 {number} 已完成。</translation>
    </message>
    <message>
        <source>Case {number} dispatched to {department}.</source>
        <translation>案件 {number} 已派遣至 {department}。</translation>
    </message>
</context>
<context>
    <name>DeskStatusBar</name>
    <message>
        <source>Database: {url}</source>
        <translation>数据库：{url}</translation>
    </message>
    <message>
        <source>Not signed in (read-only)</source>
        <translation>未登录（只读）</translation>
    </message>
    <message>
        <source>{name} · {role}</source>
        <translation>{name} · {role}</translation>
    </message>
    <message>
        <source>Writing…</source>
        <translation>正在写入……</translation>
    </message>
    <message>
        <source>⚠ Data delayed since {time}</source>
        <translation>⚠ 数据自 {time} 起延迟</translation>
    </message>
    <message>
        <source>● Live</source>
        <translation>● 实时</translation>
    </message>
    <message>
        <source>⚠ Official holiday calendar missing for {years}</source>
        <translation>⚠ 缺少 {years} 年官方节假日安排</translation>
    </message>
</context>
<context>
    <name>DeskWindow</name>
    <message>
        <source>Grid management command centre — control desk</source>
        <translation>网格化城市管理指挥中心 — 指挥调度台</translation>
    </message>
    <message>
        <source>Search cases: number, text, place, class, phone; closed ones too</source>
        <translation>搜索案件：编号、内容、地点、类别、电话，含已结案件</translation>
    </message>
    <message>
        <source>Move through a queue; open the case</source>
        <translation>在队列中移动；打开案件</translation>
    </message>
    <message>
        <source>Case panel: open the first step's form, or confirm the open form</source>
        <translation>案件面板：打开第一个操作，或确认已打开的操作</translation>
    </message>
    <message>
        <source>Queues</source>
        <translation>案件队列</translation>
    </message>
    <message>
        <source>Map</source>
        <translation>地图</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>案件详情</translation>
    </message>
    <message>
        <source>Linkage board</source>
        <translation>联动看板</translation>
    </message>
    <message>
        <source>Click a number for the cases behind it</source>
        <translation>点击数字查看对应案件</translation>
    </message>
    <message>
        <source>New urgent cases not looked at yet: click for the newest</source>
        <translation>尚未查看的新紧急案件：点击打开最新一件</translation>
    </message>
    <message>
        <source>Open cases</source>
        <translation>在办案件</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>超期案件</translation>
    </message>
    <message>
        <source>Colour the unit grids by this count (F6)</source>
        <translation>按此数量为单元网格着色（F6）</translation>
    </message>
    <message>
        <source>All open</source>
        <translation>全部在办</translation>
    </message>
    <message>
        <source>Queue + urgent</source>
        <translation>本队列+紧急</translation>
    </message>
    <message>
        <source>Which cases the map marks (F8)</source>
        <translation>地图上标注哪些案件（F8）</translation>
    </message>
    <message>
        <source>Components</source>
        <translation>部件</translation>
    </message>
    <message>
        <source>Whole district</source>
        <translation>全区</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Case</source>
        <translation>案件(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Reload everything from the database</source>
        <translation>从数据库重新载入全部数据</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Record a call or report (intake form)</source>
        <translation>受理登记（来电或上报）</translation>
    </message>
    <message>
        <source>Merge the selected case into another open case</source>
        <translation>将所选案件并入另一在办案件</translation>
    </message>
    <message>
        <source>Place the selected case waiting to be placed (To place tab)…</source>
        <translation>定位所选的待定位案件（待定位页）…</translation>
    </message>
    <message>
        <source>Add photos, video or audio to the selected case</source>
        <translation>为所选案件添加照片、视频或录音</translation>
    </message>
    <message>
        <source>Show the selected case on the map</source>
        <translation>在地图上定位所选案件</translation>
    </message>
    <message>
        <source>Dispatch the selected case to its default department</source>
        <translation>将所选案件派遣至默认处置部门</translation>
    </message>
    <message>
        <source>Write the pending dispatch now</source>
        <translation>立即提交待撤销的派遣</translation>
    </message>
    <message>
        <source>Undo the pending dispatch</source>
        <translation>撤销刚才的派遣</translation>
    </message>
    <message>
        <source>Add a note to the selected case</source>
        <translation>为所选案件添加备注</translation>
    </message>
    <message>
        <source>Canned phrases…</source>
        <translation>惯用语…</translation>
    </message>
    <message>
        <source>Colour grids by open cases / by overdue cases</source>
        <translation>网格着色：在办案件 / 超期案件 切换</translation>
    </message>
    <message>
        <source>Show or hide components</source>
        <translation>显示或隐藏部件</translation>
    </message>
    <message>
        <source>Map: this queue's cases / all open cases</source>
        <translation>地图标注：当前队列 / 全部在办案件 切换</translation>
    </message>
    <message>
        <source>Clear the grid filter</source>
        <translation>清除网格筛选</translation>
    </message>
    <message>
        <source>Reset the layout</source>
        <translation>恢复默认布局</translation>
    </message>
    <message>
        <source>Chime for new urgent cases</source>
        <translation>新紧急案件提示音</translation>
    </message>
    <message>
        <source>Notification centre</source>
        <translation>通知中心</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <source>About</source>
        <translation>关于</translation>
    </message>
    <message>
        <source>Case {case} → {department}: written in {seconds} s; Ctrl+Z takes it back.</source>
        <translation>案件 {case} → {department}：{seconds} 秒后生效，Ctrl+Z 可撤销。</translation>
    </message>
    <message>
        <source>&lt;a href='open' style='color:#202124;text-decoration:none'&gt;Open &lt;b&gt;{open}&lt;/b&gt;&lt;/a&gt; · &lt;a href='overdue' style='color:{red};text-decoration:none'&gt;overdue &lt;b&gt;{overdue}&lt;/b&gt;&lt;/a&gt; · &lt;a href='at_risk' style='color:{amber};text-decoration:none'&gt;at risk &lt;b&gt;{at_risk}&lt;/b&gt;&lt;/a&gt;</source>
        <translation>&lt;a href='open' style='color:#202124;text-decoration:none'&gt;在办 &lt;b&gt;{open}&lt;/b&gt;&lt;/a&gt; · &lt;a href='overdue' style='color:{red};text-decoration:none'&gt;超期 &lt;b&gt;{overdue}&lt;/b&gt;&lt;/a&gt; · &lt;a href='at_risk' style='color:{amber};text-decoration:none'&gt;临期 &lt;b&gt;{at_risk}&lt;/b&gt;&lt;/a&gt;</translation>
    </message>
    <message>
        <source>({count} urgent) {title}</source>
        <translation>（{count} 件紧急）{title}</translation>
    </message>
    <message>
        <source>Urgent {count}</source>
        <translation>紧急 {count}</translation>
    </message>
</context>
<context>
    <name>DispatchController</name>
    <message>
        <source>This case is not on the desk any more.</source>
        <translation>该案件已不在调度台上。</translation>
    </message>
    <message>
        <source>Only a dispatcher may dispatch cases.</source>
        <extracomment>submit(case_id, version, command, fields, on_done(result, error)) runs a command off the GUI thread</extracomment>
        <translation>只有派遣员可以派遣案件。</translation>
    </message>
    <message>
        <source>Left out of the batch: {cases}</source>
        <translation>未纳入本批：{cases}</translation>
    </message>
    <message>
        <source>{n} cases</source>
        <translation>{n} 件案件</translation>
    </message>
    <message>
        <source>their default departments</source>
        <translation>各自的默认部门</translation>
    </message>
    <message>
        <source>{n} cases → {department}</source>
        <translation>{n} 件 → {department}</translation>
    </message>
    <message>
        <source>Case {case} → {department}</source>
        <translation>案件 {case} → {department}</translation>
    </message>
    <message>
        <source>its class has no default department</source>
        <translation>该类别没有默认部门</translation>
    </message>
    <message>
        <source>already at a department: re-dispatch it on its own, with a reason</source>
        <translation>已在专业部门处置：请单独二次派遣并说明原因</translation>
    </message>
    <message>
        <source>returned by {department}: dispatch it on its own</source>
        <translation>被{department}退回：请单独派遣</translation>
    </message>
    <message>
        <source>{n} cases dispatched to {department}.</source>
        <translation>{n} 件案件已派遣至{department}。</translation>
    </message>
    <message>
        <source>{written} of {n} cases dispatched. Not dispatched: {refused}</source>
        <translation>{n} 件中已派遣 {written} 件。未派遣：{refused}</translation>
    </message>
</context>
<context>
    <name>DrillDown</name>
    <message>
        <source>open</source>
        <translation>在办</translation>
    </message>
    <message>
        <source>overdue</source>
        <translation>超期</translation>
    </message>
    <message>
        <source>at risk</source>
        <translation>临期</translation>
    </message>
</context>
<context>
    <name>EvidenceController</name>
    <message>
        <source>{n} file(s) added to case {number}.</source>
        <translation>已为案件 {number} 添加 {n} 个文件。</translation>
    </message>
</context>
<context>
    <name>EvidenceStrip</name>
    <message>
        <source>Evidence: none</source>
        <translation>附件：无</translation>
    </message>
    <message>
        <source>Evidence: {n}</source>
        <translation>附件：{n} 个</translation>
    </message>
</context>
<context>
    <name>FreshnessBadge</name>
    <message>
        <source>Live</source>
        <translation>数据实时</translation>
    </message>
    <message>
        <source>Data delayed</source>
        <translation>数据延迟</translation>
    </message>
    <message>
        <source>Data delayed since {time}</source>
        <translation>数据延迟 自 {time}</translation>
    </message>
</context>
<context>
    <name>Header</name>
    <message>
        <source>⚠ {years} holidays estimated</source>
        <translation>⚠ {years} 年节假日为推算值</translation>
    </message>
</context>
<context>
    <name>InjectDialog</name>
    <message>
        <source>Inject an incident</source>
        <translation>注入事件</translation>
    </message>
    <message>
        <source>Class default</source>
        <translation>类别默认</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>问题描述</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>Right department</source>
        <translation>正确部门</translation>
    </message>
    <message>
        <source>Class default: {name}</source>
        <translation>类别默认：{name}</translation>
    </message>
</context>
<context>
    <name>IntakeController</name>
    <message>
        <source>Only call-takers and supervisors record reports at the desk.</source>
        <translation>只有受理员和监督员可以在席位上登记案件。</translation>
    </message>
    <message>
        <source>Case {number} also reported: the call is recorded on it ({count} duplicate reports).</source>
        <translation>案件 {number} 又被反映：来电已作为重复件登记（共 {count} 件重复）。</translation>
    </message>
    <message>
        <source>Case {number} recorded; it waits for intake.</source>
        <translation>案件 {number} 已登记，等待受理。</translation>
    </message>
</context>
<context>
    <name>IntakeForm</name>
    <message>
        <source>Intake: record a report</source>
        <translation>受理登记</translation>
    </message>
    <message>
        <source>Caller's phone, e.g. 13812345678</source>
        <translation>来电人电话，例如 13812345678</translation>
    </message>
    <message>
        <source>Caller's name (may stay empty)</source>
        <translation>来电人姓名（可不填）</translation>
    </message>
    <message>
        <source>Class: Chinese, English, code or pinyin initials; Enter picks</source>
        <translation>类别：中文、英文、编码或拼音首字母；回车选定</translation>
    </message>
    <message>
        <source>By class (default)</source>
        <translation>按类别（默认）</translation>
    </message>
    <message>
        <source>What the caller sees, and where exactly</source>
        <translation>问题描述及具体位置</translation>
    </message>
    <message>
        <source>Address, community or street; Enter finds it</source>
        <translation>地址、社区或街道；回车定位</translation>
    </message>
    <message>
        <source>Grid code; Enter finds it</source>
        <translation>网格编码；回车定位</translation>
    </message>
    <message>
        <source>No place yet: click the map, or find an address or a grid</source>
        <translation>尚未定位：点击地图，或搜索地址、网格</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Caller</source>
        <translation>来电人</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>问题描述</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>Possible duplicates: none</source>
        <translation>疑似重复件：无</translation>
    </message>
    <message>
        <source>Duplicate of the selected case (Ctrl+Shift+D)</source>
        <translation>作为所选案件的重复件（Ctrl+Shift+D）</translation>
    </message>
    <message>
        <source>Save as a new case (Ctrl+Enter)</source>
        <translation>登记为新案件（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>取消（Esc）</translation>
    </message>
    <message>
        <source>&lt;b&gt;Registration condition:&lt;/b&gt; {condition}&lt;br&gt;&lt;b&gt;Handling limit:&lt;/b&gt; {limit}&lt;br&gt;&lt;b&gt;Department:&lt;/b&gt; {department}</source>
        <translation>&lt;b&gt;立案条件：&lt;/b&gt;{condition}&lt;br&gt;&lt;b&gt;处置时限：&lt;/b&gt;{limit}&lt;br&gt;&lt;b&gt;责任部门：&lt;/b&gt;{department}</translation>
    </message>
    <message>
        <source>{street} / {community} / grid {grid} ({lon:.6f}, {lat:.6f})</source>
        <extracomment>the form's fields in Tab order; errors of the service name one of these (or location/lon/lat)</extracomment>
        <translation>{street} / {community} / 网格 {grid}（{lon:.6f}, {lat:.6f}）</translation>
    </message>
    <message>
        <source>Possible duplicates: {n}</source>
        <translation>疑似重复件：{n} 件</translation>
    </message>
    <message>
        <source>{number} · {cls} · {status} · {metres} m · {hours} h ago · {text}</source>
        <translation>{number} · {cls} · {status} · 相距 {metres} 米 · {hours} 小时前 · {text}</translation>
    </message>
</context>
<context>
    <name>KpiTile</name>
    <message>
        <source>yesterday by now {counts}</source>
        <translation>昨日同时 {counts}</translation>
    </message>
    <message>
        <source>too few cases for a rate</source>
        <translation>案件过少，不计比率</translation>
    </message>
    <message>
        <source>too few cases</source>
        <translation>案件过少</translation>
    </message>
    <message>
        <source>none yet, nor yesterday by now</source>
        <translation>暂无，昨日同时亦无</translation>
    </message>
    <message>
        <source>yesterday 0</source>
        <translation>昨日同时亦无</translation>
    </message>
    <message>
        <source>too few closed yet for a rate</source>
        <translation>结案尚少，不计比率</translation>
    </message>
    <message>
        <source>yesterday {counts}</source>
        <translation>昨日 {counts}</translation>
    </message>
    <message>
        <source>few closed yet</source>
        <translation>结案尚少</translation>
    </message>
    <message>
        <source>vs yesterday —</source>
        <translation>较昨日 —</translation>
    </message>
    <message>
        <source>same as yesterday</source>
        <translation>与昨日持平</translation>
    </message>
    <message>
        <source>{points} pts</source>
        <translation>{points} 个百分点</translation>
    </message>
    <message>
        <source>vs yesterday {arrow} {amount}</source>
        <translation>较昨日 {arrow} {amount}</translation>
    </message>
</context>
<context>
    <name>LimitInput</name>
    <message>
        <source>working days</source>
        <translation>个工作日</translation>
    </message>
    <message>
        <source>working hours</source>
        <translation>个工作小时</translation>
    </message>
    <message>
        <source>hours (round the clock)</source>
        <translation>小时（自然时）</translation>
    </message>
</context>
<context>
    <name>LinkageBoard</name>
    <message>
        <source>suspended</source>
        <translation>挂账</translation>
    </message>
    <message>
        <source>ext.</source>
        <translation>延期申请</translation>
    </message>
    <message>
        <source>susp.</source>
        <translation>挂账申请</translation>
    </message>
    <message>
        <source>Returned by {department}: {reason}</source>
        <translation>{department} 退回：{reason}</translation>
    </message>
    <message>
        <source>returned</source>
        <translation>退回</translation>
    </message>
    <message>
        <source>Move left among the pinned</source>
        <translation>在固定部门中左移</translation>
    </message>
    <message>
        <source>Move right among the pinned</source>
        <translation>在固定部门中右移</translation>
    </message>
    <message>
        <source>Unpin</source>
        <translation>取消固定</translation>
    </message>
    <message>
        <source>Pin to the left</source>
        <translation>固定到左侧</translation>
    </message>
    <message>
        <source>Unpin all (order by load)</source>
        <translation>全部取消固定（按在办量排序）</translation>
    </message>
</context>
<context>
    <name>MapView</name>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Cases</source>
        <translation>案件</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>超期</translation>
    </message>
    <message>
        <source>At risk</source>
        <translation>临期</translation>
    </message>
    <message>
        <source>On time</source>
        <translation>按期</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>已结案</translation>
    </message>
    <message>
        <source>Urgent</source>
        <translation>紧急</translation>
    </message>
    <message>
        <source>Early warning</source>
        <translation>预警</translation>
    </message>
    <message>
        <source>Components</source>
        <translation>部件</translation>
    </message>
    <message>
        <source> (derived)</source>
        <translation>（派生）</translation>
    </message>
    <message>
        <source>Streets and communities: derived partition, not surveyed boundaries</source>
        <translation>街道、社区为派生划分，非实测边界</translation>
    </message>
    <message>
        <source>WebGL unavailable: using compatible drawing</source>
        <translation>WebGL 不可用：使用兼容绘制</translation>
    </message>
    <message>
        <source>Public utilities</source>
        <translation>公用设施</translation>
    </message>
    <message>
        <source>Roads and traffic</source>
        <translation>道路交通</translation>
    </message>
    <message>
        <source>City appearance</source>
        <translation>市容环境</translation>
    </message>
    <message>
        <source>Parks and greenery</source>
        <translation>园林绿化</translation>
    </message>
    <message>
        <source>Buildings and land</source>
        <translation>房屋土地</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
</context>
<context>
    <name>MergeController</name>
    <message>
        <source>No open case {number} on this desk.</source>
        <translation>本席位没有在办案件 {number}。</translation>
    </message>
    <message>
        <source>Case {merged} merged into {kept}.</source>
        <translation>案件 {merged} 已并入 {kept}。</translation>
    </message>
</context>
<context>
    <name>NotificationButton</name>
    <message>
        <source>Notifications ({n})</source>
        <translation>通知（{n}）</translation>
    </message>
    <message>
        <source>Notifications</source>
        <translation>通知</translation>
    </message>
    <message>
        <source>Open the notification centre (F9)</source>
        <translation>打开通知中心（F9）</translation>
    </message>
</context>
<context>
    <name>NotificationCentre</name>
    <message>
        <source>Mark all read</source>
        <translation>全部标为已读</translation>
    </message>
    <message>
        <source>Nothing for you yet: urges, replies and reminders appear here.</source>
        <translation>暂无通知：催办、回复和提醒将显示在这里。</translation>
    </message>
    <message>
        <source>{when} Case {case} urged by {who}: {message}</source>
        <translation>{when} 案件 {case} 被 {who} 催办：{message}</translation>
    </message>
    <message>
        <source>{when} Case {case}: {who} replied: {reply}</source>
        <translation>{when} 案件 {case}：{who} 回复：{reply}</translation>
    </message>
    <message>
        <source>{when} Case {case}: {what}</source>
        <translation>{when} 案件 {case}：{what}</translation>
    </message>
    <message>
        <source>{when} Not sent to {address} after {n} tries: {error}</source>
        <translation>{when} 发送至 {address} 失败（已尝试 {n} 次）：{error}</translation>
    </message>
    <message>
        <source>Notifications · {n} unread</source>
        <translation>通知 · {n} 条未读</translation>
    </message>
</context>
<context>
    <name>PhraseEditor</name>
    <message>
        <source>Canned phrases</source>
        <translation>惯用语</translation>
    </message>
    <message>
        <source>My phrases (one a line; offered first in every text field)</source>
        <translation>我的惯用语（每行一条；在所有文字栏中优先列出）</translation>
    </message>
    <message>
        <source>The centre's phrases (every user sees them)</source>
        <translation>中心惯用语（所有用户可见）</translation>
    </message>
    <message>
        <source>The centre's phrases: {phrases}</source>
        <translation>中心惯用语：{phrases}</translation>
    </message>
</context>
<context>
    <name>PhrasePicker</name>
    <message>
        <source>Phrases</source>
        <translation>惯用语</translation>
    </message>
    <message>
        <source>Insert a canned phrase (Alt+P)</source>
        <translation>插入惯用语（Alt+P）</translation>
    </message>
</context>
<context>
    <name>PictureLoading</name>
    <message>
        <source>Reading the cases…</source>
        <translation>正在读取案件…</translation>
    </message>
    <message>
        <source>Reading the cases… {done} of {total}</source>
        <extracomment>every (label, value, maximum) shown, in order (tests look at it)</extracomment>
        <translation>正在读取案件… {done} / {total}</translation>
    </message>
    <message>
        <source>Working out deadlines… {done} of {total} open cases</source>
        <translation>正在计算时限… {done} / {total} 件在办案件</translation>
    </message>
</context>
<context>
    <name>PlacementController</name>
    <message>
        <source>Only call-takers and shift leaders place cases.</source>
        <translation>只有受理员和值班长可以定位案件。</translation>
    </message>
    <message>
        <source>Select a case of the To place tab first: only cases waiting to be placed are placed.</source>
        <translation>请先在“待定位”页选择案件：只有待定位的案件才能定位。</translation>
    </message>
    <message>
        <source>Case {number} placed at {place}.</source>
        <translation>案件 {number} 已定位到 {place}。</translation>
    </message>
</context>
<context>
    <name>PlacementForm</name>
    <message>
        <source>Place case {number}</source>
        <extracomment>the dialog's fields; errors of the service name one of these (lon/lat count as location)</extracomment>
        <translation>定位案件 {number}</translation>
    </message>
    <message>
        <source>{number} · {cls} · now at {place}
{text}</source>
        <translation>{number} · {cls} · 现在位于 {place}
{text}</translation>
    </message>
    <message>
        <source>Address, community or street; Enter finds it</source>
        <translation>地址、社区或街道；回车定位</translation>
    </message>
    <message>
        <source>Grid code; Enter finds it</source>
        <translation>网格编码；回车定位</translation>
    </message>
    <message>
        <source>No place yet: find an address or a grid, or click the map</source>
        <translation>尚未定位：搜索地址、网格，或点击地图</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>Place here (Ctrl+Enter)</source>
        <translation>定位到此（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>取消（Esc）</translation>
    </message>
</context>
<context>
    <name>QueueFilterBar</name>
    <message>
        <source>Search cases (Ctrl+F)</source>
        <translation>搜索案件（Ctrl+F）</translation>
    </message>
    <message>
        <source>Case number, description or address, street, community, grid code, class, 12345 order number, phone (where you may see it); closed cases too. Enter opens the first match.</source>
        <translation>案件编号、描述或地址、街道、社区、网格编码、类别、12345工单号、电话（有权查看时）；含已结案件。回车打开第一个结果。</translation>
    </message>
    <message>
        <source>All streets</source>
        <translation>全部街道</translation>
    </message>
    <message>
        <source>All classes</source>
        <translation>全部类别</translation>
    </message>
    <message>
        <source>All departments</source>
        <translation>全部部门</translation>
    </message>
    <message>
        <source>All sources</source>
        <translation>全部来源</translation>
    </message>
    <message>
        <source>All tiers</source>
        <translation>全部等级</translation>
    </message>
    <message>
        <source>Clear the grid filter from the map</source>
        <translation>清除地图网格筛选</translation>
    </message>
    <message>
        <source>Show all cases again</source>
        <translation>显示全部案件</translation>
    </message>
    <message>
        <source>Grid {place} ✕</source>
        <translation>网格 {place} ✕</translation>
    </message>
    <message>
        <source>filter: {label} ✕</source>
        <translation>筛选：{label} ✕</translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <source>Case no.</source>
        <translation>案件编号</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Street / community / grid</source>
        <translation>街道 / 社区 / 网格</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>已历时</translation>
    </message>
    <message>
        <source>Time left</source>
        <translation>剩余</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>专业部门</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>退回</translation>
    </message>
    <message>
        <source>natural hours</source>
        <translation>自然时</translation>
    </message>
    <message>
        <source>working time</source>
        <translation>工作时</translation>
    </message>
    <message>
        <source>{stage} deadline {at} ({clock})</source>
        <translation>{stage}时限 {at}（{clock}）</translation>
    </message>
</context>
<context>
    <name>QueueTabs</name>
    <message>
        <source>Double-click a tab for its overdue cases only</source>
        <translation>双击标签只看其超期案件</translation>
    </message>
    <message>
        <source>{name} …</source>
        <translation>{name} …</translation>
    </message>
    <message>
        <source>{name} {count} · overdue {overdue}</source>
        <translation>{name} {count} · 超期 {overdue}</translation>
    </message>
    <message>
        <source>{name} {count}</source>
        <translation>{name} {count}</translation>
    </message>
    <message>
        <source>overdue · {queue}</source>
        <translation>超期 · {queue}</translation>
    </message>
</context>
<context>
    <name>ReplayControls</name>
    <message>
        <source>Back to the start of the period (Home)</source>
        <translation>回到时段开始（Home）</translation>
    </message>
    <message>
        <source>Previous event (←; pauses)</source>
        <translation>上一事件（←，暂停）</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <source>Play or pause the replay (Space)</source>
        <translation>播放或暂停回放（空格）</translation>
    </message>
    <message>
        <source>Next event (→; pauses)</source>
        <translation>下一事件（→，暂停）</translation>
    </message>
    <message>
        <source>Simulated seconds per real second</source>
        <translation>每实际秒对应的模拟秒数</translation>
    </message>
    <message>
        <source>Jump</source>
        <translation>跳转</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>Jump to</source>
        <translation>跳转到</translation>
    </message>
    <message>
        <source>Mon</source>
        <translation>周一</translation>
    </message>
    <message>
        <source>Tue</source>
        <translation>周二</translation>
    </message>
    <message>
        <source>Wed</source>
        <translation>周三</translation>
    </message>
    <message>
        <source>Thu</source>
        <translation>周四</translation>
    </message>
    <message>
        <source>Fri</source>
        <translation>周五</translation>
    </message>
    <message>
        <source>Sat</source>
        <translation>周六</translation>
    </message>
    <message>
        <source>Sun</source>
        <translation>周日</translation>
    </message>
    <message>
        <source>event {n} of {total}</source>
        <translation>第 {n} / {total} 个事件</translation>
    </message>
    <message>
        <source>training session running for {h}:{m:02d}</source>
        <translation>培训进行中 {h}:{m:02d}</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
</context>
<context>
    <name>RosterPicker</name>
    <message>
        <source>Expected trainees</source>
        <translation>应到学员</translation>
    </message>
    <message>
        <source>None</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>Expect nobody in particular: the debrief lists whoever acted</source>
        <translation>不指定学员：考核只列出有操作的人员</translation>
    </message>
    <message>
        <source>Tick the trainees expected at this session; one who never signs in or never acts is listed as absent in the debrief</source>
        <translation>勾选本次演练应到的学员；未登录或未操作的学员在考核中记为未参加</translation>
    </message>
    <message>
        <source>{n} expected</source>
        <translation>应到 {n} 人</translation>
    </message>
    <message>
        <source>anyone who acts</source>
        <translation>不限学员</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Sign in — Command Centre</source>
        <translation>登录 — 指挥中心</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>User</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在验证……</translation>
    </message>
    <message>
        <source>Unknown user or wrong password.</source>
        <translation>用户名或密码错误。</translation>
    </message>
</context>
<context>
    <name>SituationMapLayers</name>
    <message>
        <source>Open cases per grid</source>
        <extracomment>a set lookup, not ``Case.is_open`` (a property over an enum property): the map counts 100,000 open cases on every reset every open case's (grid code, overdue) as last counted: the cell values follow a live change by updating only the changed cases (a full count over 100,000 open cases takes seconds), and are counted afresh on reset and as time passes. The desk's totals are widgets.summary's, not the map's. as time passes, the open cases are counted again in slices between other work</extracomment>
        <translation>网格在办案件数</translation>
    </message>
    <message>
        <source>Overdue cases per grid</source>
        <translation>网格超期案件数</translation>
    </message>
</context>
<context>
    <name>SourceBar</name>
    <message>
        <source>History from</source>
        <translation>历史时段 从</translation>
    </message>
    <message>
        <source>Scenario file</source>
        <translation>场景文件</translation>
    </message>
    <message>
        <source>a .jsonl scenario</source>
        <translation>.jsonl 场景文件</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Load</source>
        <translation>加载</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Open a scenario</source>
        <translation>打开场景</translation>
    </message>
    <message>
        <source>Scenarios (*.jsonl);;All files (*)</source>
        <translation>场景文件 (*.jsonl);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>TierMark</name>
    <message>
        <source>!</source>
        <translation>急</translation>
    </message>
    <message>
        <source>D</source>
        <translation>难</translation>
    </message>
</context>
<context>
    <name>TimelineStrip</name>
    <message>
        <source>Click or drag to jump to a moment; the bars are events per slice</source>
        <translation>点击或拖动跳转到某一时刻；柱高为每段时间的事件数</translation>
    </message>
    <message>
        <source>No replay loaded</source>
        <translation>未加载回放</translation>
    </message>
</context>
<context>
    <name>TrainerPresenter</name>
    <message>
        <source>History {start} – {end}</source>
        <translation>历史 {start} – {end}</translation>
    </message>
    <message>
        <source>Scenario {path}</source>
        <translation>场景 {path}</translation>
    </message>
    <message>
        <source>History: the last 24 hours</source>
        <extracomment>the trainees expected (the roster); kept with the session in its sandbox once it runs</extracomment>
        <translation>历史：最近 24 小时</translation>
    </message>
    <message>
        <source>Creating the sandbox {url}…</source>
        <translation>正在创建沙盒 {url}…</translation>
    </message>
    <message>
        <source>Expected trainees: {names}</source>
        <translation>应到学员：{names}</translation>
    </message>
    <message>
        <source>Loading {what}…</source>
        <translation>正在加载 {what}…</translation>
    </message>
    <message>
        <source>Loaded {what}: {n} events.</source>
        <translation>已加载 {what}：{n} 个事件。</translation>
    </message>
    <message>
        <source>Injected {numbers}.</source>
        <translation>已注入 {numbers}。</translation>
    </message>
    <message>
        <source>Saved {path}.</source>
        <translation>已保存 {path}。</translation>
    </message>
</context>
<context>
    <name>TrainerWindow</name>
    <message>
        <source>Grid management command centre — replay and training</source>
        <translation>网格化城市管理指挥中心 — 回放与培训</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>案件</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>培训</translation>
    </message>
    <message>
        <source>Production (read-only): {url}</source>
        <translation>生产库（只读）：{url}</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Replay</source>
        <translation>回放(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Training</source>
        <translation>培训(&amp;T)</translation>
    </message>
    <message>
        <source>Open scenario…</source>
        <translation>打开场景…</translation>
    </message>
    <message>
        <source>Save the period as a scenario…</source>
        <translation>将时段保存为场景…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Play / pause</source>
        <translation>播放 / 暂停</translation>
    </message>
    <message>
        <source>Next event</source>
        <translation>下一事件</translation>
    </message>
    <message>
        <source>Previous event</source>
        <translation>上一事件</translation>
    </message>
    <message>
        <source>Back to the start</source>
        <translation>回到开始</translation>
    </message>
    <message>
        <source>Start a training session</source>
        <translation>开始培训</translation>
    </message>
    <message>
        <source>End the session and score</source>
        <translation>结束培训并评分</translation>
    </message>
    <message>
        <source>{n} events · {cases} cases</source>
        <translation>{n} 个事件 · {cases} 件案件</translation>
    </message>
    <message>
        <source>REPLAY</source>
        <translation>回放</translation>
    </message>
    <message>
        <source>TRAINING · sandbox</source>
        <translation>培训 · 沙盒</translation>
    </message>
    <message>
        <source>SCORED</source>
        <translation>已评分</translation>
    </message>
    <message>
        <source>training session ended</source>
        <translation>培训已结束</translation>
    </message>
    <message>
        <source>Open a scenario</source>
        <translation>打开场景</translation>
    </message>
    <message>
        <source>Scenarios (*.jsonl)</source>
        <translation>场景文件 (*.jsonl)</translation>
    </message>
    <message>
        <source>Save the period as a scenario</source>
        <translation>将时段保存为场景</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
</context>
<context>
    <name>TrainingMarker</name>
    <message>
        <source>{marker} — sandbox {database}; nothing here is real and production is never written</source>
        <extracomment>the marker reads the same in both languages, so a trainer can point at it in any room</extracomment>
        <translation>{marker} — 培训沙箱 {database}；此处一切均为演练，不会写入生产数据库</translation>
    </message>
</context>
<context>
    <name>TrainingPanel</name>
    <message>
        <source>case {id}</source>
        <extracomment>who is expected at the session: picked before it starts and while it runs</extracomment>
        <translation>案件 {id}</translation>
    </message>
    <message>
        <source>failed, skipped</source>
        <translation>失败，已跳过</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <source>{done} of {total} injected</source>
        <translation>已注入 {done} / {total}</translation>
    </message>
    <message>
        <source> · {n} failed</source>
        <translation> · {n} 个失败</translation>
    </message>
    <message>
        <source> · {m} min</source>
        <translation> · {m} 分钟</translation>
    </message>
    <message>
        <source>Scenario: {scenario} · trainer: {trainer}
{start} – {end} · {n} injected cases · {t} trainees</source>
        <translation>演练：{scenario} · 培训员：{trainer}
{start} – {end} · 注入案件 {n} 件 · 学员 {t} 名</translation>
    </message>
    <message>
        <source>{n} trainees expected, {absent} absent</source>
        <translation>应到学员 {n} 人，未参加 {absent} 人</translation>
    </message>
    <message>
        <source>Present</source>
        <translation>出席</translation>
    </message>
    <message>
        <source>Not on the roster</source>
        <translation>不在学员名单中</translation>
    </message>
    <message>
        <source>Unexpected</source>
        <translation>名单外</translation>
    </message>
    <message>
        <source>Absent</source>
        <translation>未参加</translation>
    </message>
    <message>
        <source>Absent: signed in but took no action</source>
        <translation>未参加：已登录但未操作</translation>
    </message>
    <message>
        <source>Absent: never signed in</source>
        <translation>未参加：未登录</translation>
    </message>
    <message>
        <source>A training session copies the situation at the start of the loaded period into a new sandbox database. Trainees work in the sandbox at their own desks; the period's reports and the scenario's incidents arrive at their time, and you can inject more on the map. Production is never written.</source>
        <translation>培训会把所加载时段开始时的态势复制到一个新的沙盒数据库。学员在各自席位上操作沙盒；该时段的上报和场景中的事件按时到达，您也可以在地图上注入更多事件。生产库绝不会被写入。</translation>
    </message>
    <message>
        <source>Start training session</source>
        <translation>开始培训</translation>
    </message>
    <message>
        <source>Sandbox database</source>
        <translation>沙盒数据库</translation>
    </message>
    <message>
        <source>Trainees start their desk with</source>
        <translation>学员用以下命令启动席位</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Incidents</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>问题描述</translation>
    </message>
    <message>
        <source>Right department</source>
        <translation>正确部门</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Inject scheduled incidents at their time</source>
        <translation>按计划时间注入事件</translation>
    </message>
    <message>
        <source>Inject selected now</source>
        <translation>立即注入所选</translation>
    </message>
    <message>
        <source>Click the map to inject an incident at that spot.</source>
        <translation>点击地图即可在该处注入事件。</translation>
    </message>
    <message>
        <source>End session and score</source>
        <translation>结束培训并评分</translation>
    </message>
    <message>
        <source>Scores</source>
        <translation>评分</translation>
    </message>
    <message>
        <source>Trainee</source>
        <translation>学员</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Accept</source>
        <translation>受理</translation>
    </message>
    <message>
        <source>Register</source>
        <translation>立案</translation>
    </message>
    <message>
        <source>Dispatch</source>
        <translation>派遣</translation>
    </message>
    <message>
        <source>Other steps</source>
        <translation>其他步骤</translation>
    </message>
    <message>
        <source>Right dept.</source>
        <translation>部门正确</translation>
    </message>
    <message>
        <source>Overdue missed</source>
        <translation>漏办超期</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>得分</translation>
    </message>
    <message>
        <source>Attendance</source>
        <translation>出勤</translation>
    </message>
    <message>
        <source>Steps: on time / taken · mean minutes in the stage. Score = 100 × (on time + right departments) ÷ (steps + dispatches) − 5 per overdue case missed.</source>
        <translation>步骤：按期 / 办理 · 环节平均用时（分钟）。得分 = 100 × (按期数 + 部门正确数) ÷ (步骤数 + 派遣数) − 每件漏办超期扣 5 分。</translation>
    </message>
    <message>
        <source>Per case</source>
        <translation>逐案复盘</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <source>Export PDF…</source>
        <translation>导出 PDF…</translation>
    </message>
    <message>
        <source>Save as scenario…</source>
        <translation>保存为场景…</translation>
    </message>
    <message>
        <source>Back to replay</source>
        <translation>返回回放</translation>
    </message>
</context>
<context>
    <name>UndoBar</name>
    <message>
        <source>Undo ({n})</source>
        <translation>撤销 ({n})</translation>
    </message>
</context>
<context>
    <name>Urging</name>
    <message>
        <source>department</source>
        <translation>责任单位</translation>
    </message>
    <message>
        <source>shift leader</source>
        <translation>值班长</translation>
    </message>
    <message>
        <source>leader</source>
        <translation>领导</translation>
    </message>
    <message>
        <source>overdue</source>
        <translation>已超期</translation>
    </message>
    <message>
        <source>at risk</source>
        <translation>即将超期</translation>
    </message>
    <message>
        <source>{stage} {state}: reminder to the {who}</source>
        <translation>{stage}{state}：已提醒{who}</translation>
    </message>
    <message>
        <source>{stage} {state}: escalated to the {who}</source>
        <translation>{stage}{state}：已升级至{who}</translation>
    </message>
</context>
<context>
    <name>WallWindow</name>
    <message>
        <source>Video wall</source>
        <translation>指挥大屏</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>超期</translation>
    </message>
    <message>
        <source>No overdue or urgent cases, no early warnings</source>
        <translation>暂无超期、紧急案件和预警</translation>
    </message>
    <message>
        <source>Reports per hour</source>
        <translation>每小时上报</translation>
    </message>
    <message>
        <source>Streets: open cases (red: overdue)</source>
        <translation>各街道在办案件（红色：超期）</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <source>On-time closing rate, last 30 days</source>
        <translation>近30日按期结案率</translation>
    </message>
    <message>
        <source>City Operations Centre · {count} districts</source>
        <translation>城市运行管理中心 · {count} 个区</translation>
    </message>
    <message>
        <source>Nothing urgent, no early warnings</source>
        <translation>暂无紧急案件和预警</translation>
    </message>
    <message>
        <source>+{count} more</source>
        <translation>另有 {count} 条</translation>
    </message>
    <message>
        <source>Now: urgent cases and early warnings</source>
        <translation>此刻：紧急案件与预警</translation>
    </message>
    <message>
        <source>today so far</source>
        <translation>今日截至目前</translation>
    </message>
    <message>
        <source>today: too few closed yet</source>
        <translation>今日结案尚少，暂不画点</translation>
    </message>
    <message>
        <source>Now: {urgent} urgent, {warnings} early warnings</source>
        <translation>此刻：紧急 {urgent} 件，预警 {warnings} 处</translation>
    </message>
    <message>
        <source>Overdue cases per grid</source>
        <translation>各网格超期案件</translation>
    </message>
    <message>
        <source>Open cases per grid</source>
        <translation>各网格在办案件</translation>
    </message>
    <message>
        <source>(community mean)</source>
        <translation>（社区平均）</translation>
    </message>
    <message>
        <source>(street mean)</source>
        <translation>（街道平均）</translation>
    </message>
    <message>
        <source>Early warning</source>
        <translation>预警</translation>
    </message>
    <message>
        <source>Urgent</source>
        <translation>紧急</translation>
    </message>
    <message>
        <source>{district} City Operations Centre</source>
        <translation>{district}城市运行管理中心</translation>
    </message>
    <message>
        <source>Departments: on-time handling (red: cases overdue now)</source>
        <translation>部门按期处置率（红字：当前超期案件）</translation>
    </message>
    <message>
        <source>Usual for this weekday ({weeks} weeks)</source>
        <translation>近 {weeks} 周同日平均</translation>
    </message>
    <message>
        <source>today: too few</source>
        <translation>今日尚少</translation>
    </message>
    <message>
        <source>Now: {urgent} urgent, {warnings} warnings</source>
        <translation>此刻：紧急 {urgent}，预警 {warnings}</translation>
    </message>
    <message>
        <source>{place}: {count} reports in {hours} h, usually {expected}</source>
        <translation>{place}：近 {hours} 小时上报 {count} 件，平时约 {expected} 件</translation>
    </message>
    <message>
        <source>grid {grid}</source>
        <translation>网格 {grid}</translation>
    </message>
    <message>
        <source>{hours} h over</source>
        <translation>超期 {hours} 小时</translation>
    </message>
    <message>
        <source>just overdue</source>
        <translation>刚超期</translation>
    </message>
    <message>
        <source>{minutes} min ago</source>
        <translation>{minutes} 分钟前</translation>
    </message>
    <message>
        <source>{hours} h ago</source>
        <translation>{hours} 小时前</translation>
    </message>
    <message>
        <source>reports</source>
        <translation>上报</translation>
    </message>
    <message>
        <source>{what} ×{count} · {place}</source>
        <translation>{what} ×{count} · {place}</translation>
    </message>
    <message>
        <source>Urgent case {number}</source>
        <translation>紧急案件 {number}</translation>
    </message>
    <message>
        <source>Early warning {place}</source>
        <translation>预警 {place}</translation>
    </message>
    <message>
        <source>City map</source>
        <translation>全市态势</translation>
    </message>
    <message>
        <source>Whole city</source>
        <translation>全市</translation>
    </message>
    <message>
        <source>Whole district</source>
        <translation>全区</translation>
    </message>
    <message>
        <source>Districts (red: overdue)</source>
        <translation>各区在办（红：超期）</translation>
    </message>
    <message>
        <source>Streets (red: overdue)</source>
        <translation>街道在办（红：超期）</translation>
    </message>
    <message>
        <source>Communities (red: overdue)</source>
        <translation>社区在办（红：超期）</translation>
    </message>
    <message>
        <source>Grids (red: overdue)</source>
        <translation>网格在办（红：超期）</translation>
    </message>
    <message>
        <source>Departments (red: overdue)</source>
        <translation>部门按期处置（红：超期）</translation>
    </message>
    <message>
        <source>City Operations Centre</source>
        <translation>城市运行管理中心</translation>
    </message>
    <message>
        <source>On-time closing, 30 days</source>
        <translation>按期结案率 · 30日</translation>
    </message>
    <message>
        <source>open cases</source>
        <translation>在办案件</translation>
    </message>
    <message>
        <source>overdue cases</source>
        <translation>超期案件</translation>
    </message>
    <message>
        <source>pinned</source>
        <translation>已固定</translation>
    </message>
    <message>
        <source>touring</source>
        <translation>巡检中</translation>
    </message>
    <message>
        <source>District map</source>
        <translation>全区态势</translation>
    </message>
    <message>
        <source>Districts: open cases (red: overdue)</source>
        <translation>各区在办案件（红色：超期）</translation>
    </message>
    <message>
        <source>Communities: open cases (red: overdue)</source>
        <translation>各社区在办案件（红色：超期）</translation>
    </message>
    <message>
        <source>Grids: open cases (red: overdue)</source>
        <translation>各网格在办案件（红色：超期）</translation>
    </message>
</context>
<context>
    <name>view</name>
    <message>
        <source>Open cases per grid</source>
        <translation>网格在办案件数</translation>
    </message>
</context>
</TS>