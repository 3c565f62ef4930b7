using Engagement.Data.Store;
using Engagement.Data.Store.Postgres;
using Engagement.Domain.Model;
using Npgsql;

namespace Engagement.Data.Tests.Postgres;

public sealed class ConnectionStringTests
{
    [TestCase("Host=db;Database=engagement", true)]
    [TestCase("server=db.internal;port=6432;user id=x", true)]
    [TestCase("postgres://u@db/engagement", true)]
    [TestCase("PostgreSQL://u@db/engagement", true)]
    [TestCase("./data/engagement.db", false)]
    [TestCase("/var/lib/engagement/store.db", false)]
    [TestCase("Data Source=/var/lib/engagement.db", false)]
    [TestCase("C:\\data\\engagement.db", false)]
    public void The_provider_is_chosen_by_the_shape_of_the_setting(string setting, bool postgres)
    {
        Assert.That(StoreConnection.IsPostgres(setting), Is.EqualTo(postgres));
    }

    [Test]
    public void A_url_becomes_an_npgsql_connection_string()
    {
        var text = PostgresConnectionString.Normalize("postgres://app:p%40ss%3Aword@db.example:6543/engagement?sslmode=require&application_name=api-1");

        var parsed = new NpgsqlConnectionStringBuilder(text);

        Assert.That((parsed.Host, parsed.Port, parsed.Username, parsed.Password, parsed.Database),
            Is.EqualTo(("db.example", 6543, "app", "p@ss:word", "engagement")));
        Assert.That(parsed.SslMode, Is.EqualTo(SslMode.Require));
        Assert.That(parsed.ApplicationName, Is.EqualTo("api-1"));
    }

    [Test]
    public void A_url_without_port_or_password_keeps_the_defaults()
    {
        var parsed = new NpgsqlConnectionStringBuilder(PostgresConnectionString.Normalize("postgresql://app@db/engagement"));

        Assert.That((parsed.Host, parsed.Port, parsed.Username, parsed.Password), Is.EqualTo(("db", 5432, "app", (string?)null)));
    }

    [Test]
    public void An_unknown_url_parameter_is_refused_with_its_name()
    {
        Assert.That(
            () => PostgresConnectionString.Normalize("postgres://app@db/engagement?colour=blue"),
            Throws.InstanceOf<DomainException>().With.Message.Contains("colour"));
    }

    [Test]
    public async Task The_factory_is_sqlite_for_a_path_and_postgres_for_a_connection_string()
    {
        var folder = Path.Combine(Path.GetTempPath(), "engagement-store-tests", Guid.NewGuid().ToString("N"));
        var sqlite = StoreConnection.Create(Path.Combine(folder, "x.db"));
        var fromConnectionString = StoreConnection.Create($"Data Source={Path.Combine(folder, "y.db")}");
        var postgres = StoreConnection.Create("Host=db.example;Database=engagement;Username=app;Password=secret");

        Assert.That(sqlite, Is.InstanceOf<SqliteConnectionFactory>());
        Assert.That(((SqliteConnectionFactory)fromConnectionString).Path, Does.EndWith("y.db"));
        Assert.That(postgres.Dialect.Name, Is.EqualTo("postgres"));
        Assert.That(StoreConnection.Describe(postgres), Is.EqualTo("postgres db.example:5432/engagement"), "no credentials in logs");
        await ((PostgresConnectionFactory)postgres).DisposeAsync();
    }
}
