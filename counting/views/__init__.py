"""Pages of counting and results. Thin: a view parses the request and calls one service. Everyone who may see
the election reads these pages (supervisors and observers read-only); the committee's clerks enter and decide;
street-office supervisors record their decisions (VOTE-13)."""
