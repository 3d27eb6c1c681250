"""Reports a centre sends up (考核评价报表): the figures of a day or a week, by street and by
department, the overdue cases and a trend, as PDF or XLSX. The figures are those of
``commandcenter kpi`` for the same window (:mod:`commandcenter.kpi_asof`)."""
