using Engagement.Data.Store.Postgres;
using Npgsql;

namespace Engagement.Data.Tests.Postgres;

/// <summary>
/// The PostgreSQL server of the test run, from <c>ENGAGEMENT_TEST_POSTGRES</c> (a connection
/// string; .ci/postgres.sh starts a throw-away cluster and prints it). Without it the PostgreSQL
/// fixtures are ignored locally, and fail on CI (<c>CI=true</c>), where skipping would hide them.
/// Each test store is a schema of its own, dropped afterwards: far cheaper than a database.
/// </summary>
internal static class TestPostgres
{
    public const string Variable = "ENGAGEMENT_TEST_POSTGRES";

    public static string ConnectionString
    {
        get
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

    /// <summary>A new empty schema; returns the connection string that uses it.</summary>
    public static async Task<string> CreateSchemaAsync(string schema)
    {
        var server = ConnectionString;
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"""CREATE SCHEMA "{schema}" """, connection);
            await command.ExecuteNonQueryAsync();
        }

        // Pooling off for the test's own factories would hide pool bugs; a distinct search path
        // gives each store its own pool instead.
        return new NpgsqlConnectionStringBuilder(PostgresConnectionString.Normalize(server)) { SearchPath = schema }.ConnectionString;
    }

    public static async Task DropSchemaAsync(string schema)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"""DROP SCHEMA IF EXISTS "{schema}" CASCADE""", connection);
        await command.ExecuteNonQueryAsync();
    }
}
