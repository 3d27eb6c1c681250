<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>ActionForm</name>
    <message>
        <source>Reason</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Department</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Tier</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Extra time</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Confirmed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Not confirmed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Passed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Rework</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Approve</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Refuse</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Yes</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Confirm</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Choose an answer: {yes} or {no}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>{field} is required</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Write the extra time like 4wh (working hours), 2wd (working days) or 8h (natural hours)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>{name} (class default)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Keep: {tier}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>e.g. 4wh, 2wd, 8h</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Why (kept in the case history)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Optional</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>CasePanel</name>
    <message>
        <source>Select a case in a queue, on the map or on the board</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Locate</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Show the case on the map</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Class</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Tier / source</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Place</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Department</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Description</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Reporter</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Rework / returns / extensions</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Pending request</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Register when</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Close when</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No step for your role on this case now</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>History</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Who</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Step</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Detail</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>{stage} deadline {at} · overdue &lt;b style='color:{color}'&gt;{time}&lt;/b&gt;</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>{stage} deadline {at} · left &lt;b style='color:{color}'&gt;{time}&lt;/b&gt;</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>This stage was finished after its deadline</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>DepartmentColumn</name>
    <message>
        <source>+{n} more</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>overdue {n}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>open {open} · {overdue} · on time {rate}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cases in hand, overdue now, on-time handling rate today</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>DeskContext</name>
    <message>
        <source>Intake</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Verify</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Register</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Dispatch</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Handling</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Check</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Requests</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Suspended</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Intake stage</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Verification stage</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Registration stage</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Dispatch stage</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Handling stage</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Check stage</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Closing stage</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Awaiting intake</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Awaiting verification</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Awaiting registration</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Awaiting dispatch</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Being handled</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Awaiting check</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Awaiting closing</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Closed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Rejected</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cancelled</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Supervisor</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Hotline 12345</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Video</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Referral</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>General</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Urgent</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Difficult</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Field supervisor</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Call-taker</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Shift leader</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Dispatcher</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Department</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Leader</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Trainer</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Administrator</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Report</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Accept</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Request verification</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Verify on site</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Reject</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Register case</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Dispatch case</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Re-dispatch</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Return dispatch</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Report done</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Check on site</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Close case</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Request extension</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Decide extension</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Request suspension</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Decide suspension</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Resume handling</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cancel case</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>DeskLoader</name>
    <message>
        <source>First start: building the demo district and a month of cases…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Opening the database…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Loading the district…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Drawing street and community outlines…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Loading departments, users and components…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Starting the control desk…</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>DeskMapLayers</name>
    <message>
        <source>Open cases per grid</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Overdue cases per grid</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>DeskPresenter</name>
    <message>
        <source>Sign in to act on cases.</source>
        <extracomment>the queue a role starts on (its daily work), in the order QueueTabs shows them</extracomment>
        <translation type="unfinished" />
    </message>
    <message>
        <source>{step}: case {number} done.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Case {number} dispatched to {department}.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>DeskStatusBar</name>
    <message>
        <source>Database: {url}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Not signed in (read-only)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>{name} · {role}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Writing…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>⚠ Data delayed since {time}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>● Live</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>⚠ Official holiday calendar missing for {years}</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>DeskWindow</name>
    <message>
        <source>Grid management command centre — control desk</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Search the queues by case number or text</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Move through a queue; open the case</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Case panel: open the first step's form, or confirm the open form</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Colour grids by</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Open cases</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Overdue</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Components</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Whole district</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Case</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Reload everything from the database</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Quit</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Show the selected case on the map</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Dispatch the selected case to its default department</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Write the pending dispatch now</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Undo the pending dispatch</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Queue {n}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Colour grids by open cases / by overdue cases</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Show or hide components</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Clear the grid filter</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Reset the layout</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>About</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>DispatchController</name>
    <message>
        <source>This case is not on the desk any more.</source>
        <extracomment>submit(case_id, version, command, fields, on_done(result, error)) runs a command off the GUI thread</extracomment>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Only a dispatcher may dispatch cases.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Case {case} → {department}</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>FreshnessBadge</name>
    <message>
        <source>Live</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Data delayed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Data delayed since %1</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>InjectDialog</name>
    <message>
        <source>Inject an incident</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Class default</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Where</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Class</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Description</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Tier</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Right department</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Class default: {name}</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>KpiStrip</name>
    <message>
        <source>Reported today</source>
        <extracomment>(key, worse when it goes up)</extracomment>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Registered</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Dispatched</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Closed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Overdue</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>On-time closing</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>KpiTile</name>
    <message>
        <source>vs yesterday —</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>same as yesterday</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 pts</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>vs yesterday %1 %2</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>LinkageBoard</name>
    <message>
        <source>suspended</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>ext.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>susp.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>MapView</name>
    <message>
        <source>none</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cases</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Overdue</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>At risk</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>On time</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Closed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Urgent</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Early warning</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Components</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Public utilities</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Roads and traffic</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>City appearance</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Parks and greenery</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Buildings and land</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Other</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>QueueFilterBar</name>
    <message>
        <source>Case no. or text (Ctrl+F)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>All streets</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>All classes</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>All departments</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>All sources</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>All tiers</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Clear the grid filter from the map</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Grid {code} ✕</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <source>Case no.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Class</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Street / community / grid</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Source</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Age</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Time left</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Tier</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Department</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>natural hours</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>working time</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>{stage} deadline {at} ({clock})</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>QueueTabs</name>
    <message>
        <source>{name} {count} · overdue {overdue}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>{name} {count}</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>ReplayControls</name>
    <message>
        <source>Back to the start of the period (Home)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Play</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Play or pause the replay (Space)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Next event (→; pauses)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Simulated seconds per real second</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Jump</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Speed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Jump to</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Mon</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Tue</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Wed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Thu</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Fri</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Sat</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Sun</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>event {n} of {total}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>training session running for {h}:{m:02d}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Pause</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>Roles</name>
    <message>
        <source>Field supervisor</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Call-taker</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Shift leader</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Dispatcher</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Department operator</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Leader</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Trainer</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Administrator</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Sign in — Command Centre</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Sign in</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>User</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Password</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Role</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Checking…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Unknown user or wrong password.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>SourceBar</name>
    <message>
        <source>History from</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Scenario file</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>a .jsonl scenario</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Load</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>to</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Open a scenario</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Scenarios (*.jsonl);;All files (*)</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>TimelineStrip</name>
    <message>
        <source>Click or drag to jump to a moment; the bars are events per slice</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No replay loaded</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>TrainerPresenter</name>
    <message>
        <source>History {start} – {end}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Scenario {path}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Creating the sandbox {url}…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Loading {what}…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Loaded {what}: {n} events.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Injected {numbers}.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Saved {path}.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>TrainerWindow</name>
    <message>
        <source>Grid management command centre — replay and training</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Case</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Training</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Production (read-only): {url}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Replay</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Training</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Open scenario…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Save the period as a scenario…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Quit</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Play / pause</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Next event</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Back to the start</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Start a training session</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>End the session and score</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>{n} events · {cases} cases</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>REPLAY</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>TRAINING · sandbox</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>SCORED</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>training session ended</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Open a scenario</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Scenarios (*.jsonl)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Save the period as a scenario</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Export</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>History {start} – {end}</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>TrainingPanel</name>
    <message>
        <source>case {id}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>waiting</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>{done} of {total} injected</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source> · {m} min</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>{start} – {end} · {n} injected cases · {t} trainees</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>A training session copies the situation at the start of the loaded period into a new sandbox database. Trainees work in the sandbox at their own desks; the period's reports and the scenario's incidents arrive at their time, and you can inject more on the map. Production is never written.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Start training session</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Sandbox database</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Trainees start their desk with</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Incidents</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Class</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Description</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Right department</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Inject scheduled incidents at their time</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Inject selected now</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Click the map to inject an incident at that spot.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>End session and score</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Scores</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Trainee</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Role</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Accept</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Register</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Dispatch</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Other steps</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Right dept.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Overdue missed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Score</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Steps: on time / taken · mean minutes in the stage. Score = 100 × (on time + right departments) ÷ (steps + dispatches) − 5 per overdue case missed.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Export CSV…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Export PDF…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Save as scenario…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Back to replay</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>UndoBar</name>
    <message>
        <source>Undo ({n})</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>WallWindow</name>
    <message>
        <source>Video wall</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 City Operations Centre</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Reported today</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Registered</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Dispatched</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Closed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Overdue</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>On-time closing rate</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No overdue or urgent cases, no early warnings</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Reports per hour</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>On-time closing rate by day registered</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Departments: on-time handling, overdue</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Streets: open cases (red: overdue)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Today</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Usual for this weekday (%1 weeks)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>still open: provisional</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 overdue</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Overdue cases per grid</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Open cases per grid</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Early warning</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Urgent</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1: %2 reports in %3 h, usually %4</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>grid %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 h over</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Urgent case %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Whole district</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>open cases</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>overdue cases</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>pinned</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>touring</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>view</name>
    <message>
        <source>Open cases per grid</source>
        <translation type="unfinished" />
    </message>
</context>
</TS>