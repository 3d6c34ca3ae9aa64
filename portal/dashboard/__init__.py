"""Show the City Clerk's Office how the program is doing: counts, times to decision, charts."""
