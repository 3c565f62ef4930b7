using Npgsql;

namespace Engagement.Service.Tests.Postgres;

/// <summary>
/// The providers the store-backed service suites run against. PostgreSQL comes from
/// <c>ENGAGEMENT_TEST_POSTGRES</c> (.ci/postgres.sh): without it those fixtures are ignored
/// locally and fail on CI (<c>CI=true</c>). Each test gets a schema of its own.
/// </summary>
public static class StoreProviders
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";
    public const string Variable = "ENGAGEMENT_TEST_POSTGRES";

    public static IEnumerable<string> All() => [Sqlite, Postgres];

    /// <summary>A new empty schema on the test server; returns a connection string that uses it.</summary>
    public static string CreateSchema(string schema)
    {
        var server = Server();
        using (var connection = new NpgsqlConnection(server))
        {
            connection.Open();
            using var command = new NpgsqlCommand($"""CREATE SCHEMA "{schema}" """, connection);
            command.ExecuteNonQuery();
        }

        // No pooling: every CLI verb builds its own data source and the runner never disposes it.
        return new NpgsqlConnectionStringBuilder(server) { SearchPath = schema, Pooling = false }.ConnectionString;
    }

    public static void DropSchema(string schema)
    {
        using var connection = new NpgsqlConnection(Server());
        connection.Open();
        using var command = new NpgsqlCommand($"""DROP SCHEMA IF EXISTS "{schema}" CASCADE""", connection);
        command.ExecuteNonQuery();
    }

    private static string Server()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value)
        {
            return value;
        }

        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail($"{Variable} is not set: CI must run the PostgreSQL tests (eval \"$(.ci/postgres.sh start)\")");
        }

        Assert.Ignore($"{Variable} is not set: PostgreSQL tests skipped (eval \"$(.ci/postgres.sh start)\" to run them)");
        return "";
    }
}
