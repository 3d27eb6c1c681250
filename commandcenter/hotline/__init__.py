"""12345 hotline work orders (热线工单) in: export tables, complaint-type mapping, the import."""
