"""The control desk (指挥调度台): queues, map, case panel and the departments' linkage board."""
