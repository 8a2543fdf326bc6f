"""Excel in and out for coordinators: the template, its safety checks and the import."""
