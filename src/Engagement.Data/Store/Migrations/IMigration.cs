namespace Engagement.Data.Store.Migrations;

/// <summary>
/// One schema step. Migrations are append-only: a released one is never edited; a change is a
/// new migration with the next version number.
/// </summary>
public interface IMigration
{
    int Version { get; }

    string Name { get; }

    /// <summary>The script for a dialect (<see cref="ISqlDialect.Name"/>); DDL is where engines differ most.</summary>
    string Script(string dialect);
}
