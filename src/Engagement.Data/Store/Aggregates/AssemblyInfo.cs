using System.Runtime.CompilerServices;

// The store tests pin the query plans of the aggregates' internal statements (SQLite's planner,
// without statistics, would otherwise be free to scan every post per account), and the tests'
// in-memory oracle (ScoringInputLoader) reads posts with the store's own row readers.
[assembly: InternalsVisibleTo("Engagement.Data.Tests")]
[assembly: InternalsVisibleTo("Engagement.Service.Tests")]
[assembly: InternalsVisibleTo("Engagement.Collectors.Tests")]
