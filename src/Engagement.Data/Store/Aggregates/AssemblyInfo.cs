using System.Runtime.CompilerServices;

// The store tests pin the query plans of the aggregates' internal statements (SQLite's planner,
// without statistics, would otherwise be free to scan every post per account).
[assembly: InternalsVisibleTo("Engagement.Data.Tests")]
