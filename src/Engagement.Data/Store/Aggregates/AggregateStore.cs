using System.Data.Common;
using Dapper;
using Engagement.Data.Store.Repositories;
using Engagement.Domain.Model;
using Engagement.Domain.Scoring;

namespace Engagement.Data.Store.Aggregates;

/// <summary>
/// The brands, the workspaces (their tracked brands and peer sets) and the tracked accounts of one
/// data version, with the accounts' summaries.
/// </summary>
public sealed record AggregateModel(
    long Version,
    IReadOnlyList<Brand> Brands,
    IReadOnlyDictionary<string, WorkspaceScope> Workspaces,
    IReadOnlyList<TrackedAccount> Accounts);

/// <summary>
/// The fast path of reports over the store: per-account daily aggregates (migration 2), kept
/// right by marks that triggers (or the importer, set based) leave on every change, and
/// recomputed by <see cref="RefreshAsync"/> before they are read.
/// </summary>
public sealed class AggregateStore(IDbConnectionFactory factory)
{
    /// <summary>Accounts recomputed per write transaction.</summary>
    public const int BatchSize = 2_000;

    /// <summary>Recomputes the marked accounts; returns how many marks were cleared.</summary>
    /// <remarks>
    /// When most accounts are marked, they are recomputed by scans of the tables
    /// (<see cref="AggregateScan"/>); otherwise, on SQLite, a batch's accounts are read on every core, one connection each. PostgreSQL reads a
    /// batch with one hash join over a scan of posts: a slice per core would scan them once per slice.
    /// </remarks>
    public Task<int> RefreshAsync(CancellationToken ct = default) => RefreshAsync(null, ct);

    /// <summary>As <see cref="RefreshAsync(CancellationToken)"/>, from a first load's records when they are still the store's posts.</summary>
    internal Task<int> RefreshAsync(FirstLoadPosts? loaded, CancellationToken ct) => new AggregateRefresher(
        factory, BatchSize, factory.Dialect is SqliteDialect ? Environment.ProcessorCount : 1, scan: new AggregateScan(factory) { Loaded = loaded })
        .RefreshAsync(ct);

    /// <summary>
    /// Refreshes, then reads the model in one read snapshot that has no mark left (another
    /// writer may leave new ones between the refresh and the read: then it refreshes again).
    /// </summary>
    public async Task<AggregateModel> ReadModelAsync(CancellationToken ct = default)
    {
        while (true)
        {
            await RefreshAsync(ct);
            await using var connection = await factory.OpenAsync(ct);
            await using var transaction = await factory.Dialect.BeginReadAsync(connection, ct);
            var version = await DataVersionRepository.GetAsync(connection, transaction, ct);
            if (await AggregateRefresher.AnyMarkAsync(connection, transaction, ct))
            {
                continue;
            }

            // The accounts (90,000 at 30,000 brands) on a second connection while this one reads
            // the brands and workspaces: a fresh process spends a few tenths of a second here.
            var reading = Task.Run(() => ReadAccountsAtAsync(version, ct), ct);
            List<Brand> brands;
            IReadOnlyDictionary<string, WorkspaceScope> workspaces;
            try
            {
                brands = (await connection.QueryAsync<Brand>(new CommandDefinition(
                    """SELECT "id" AS "Id", "name" AS "Name", "industry" AS "Industry" FROM "brands" ORDER BY "id" """,
                    transaction: transaction,
                    cancellationToken: ct))).AsList();
                workspaces = await ReadWorkspacesAsync(connection, transaction, ct);
            }
            finally
            {
                // Never left running on its own, whatever happened here.
                await ((Task)reading).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            var accounts = await reading;
            await transaction.CommitAsync(ct);
            if (accounts is null)
            {
                continue;
            }

            return new AggregateModel(version, brands, workspaces, accounts);
        }
    }

    /// <summary>Every workspace's tracked brands and peer sets, as reports resolve them.</summary>
    public static async Task<IReadOnlyDictionary<string, WorkspaceScope>> ReadWorkspacesAsync(
        DbConnection connection, DbTransaction? transaction, CancellationToken ct)
    {
        var tracked = await WorkspaceRepository.TrackedAsync(connection, transaction, ct);
        var peerSets = await PeerSetRepository.ListAsync(connection, transaction, ct);
        return tracked.Keys.Union(peerSets.Keys).ToDictionary(
            workspace => workspace,
            workspace => new WorkspaceScope(
                tracked.GetValueOrDefault(workspace) ?? WorkspaceScope.Empty.Brands,
                (peerSets.GetValueOrDefault(workspace) ?? []).ToDictionary(
                    set => set.Name, set => (IReadOnlyCollection<string>)set.Brands, StringComparer.Ordinal)),
            StringComparer.Ordinal);
    }

    /// <summary>
    /// The days of every account of <paramref name="model"/> over [from, to); null when the
    /// store has moved past the model's version (read a new model).
    /// </summary>
    /// <remarks>
    /// Read by up to four readers: each has its own thread, connection and read snapshot and takes (month,
    /// network) slices of <c>account_months</c> (each a range of its key) until none is left. Every
    /// snapshot checks the model's version, so all of them see the same rows.
    /// </remarks>
    public async Task<WindowData?> ReadWindowAsync(AggregateModel model, DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        var networks = model.Accounts.Select(a => a.Account.Network).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var slices = new List<(int Month, string Network)>();
        for (var month = MonthKey.Of(from); month <= MonthKey.Of(to.AddDays(-1)); month++)
        {
            slices.AddRange(networks.Select(network => (month, network)));
        }

        var builder = new WindowBuilder(model.Accounts, from, to);
        var taken = -1;
        // A reader per slice (up to four) on a thread of its own, even with fewer cores: slices are few
        // and uneven (at 30,000 brands a one-month window is three, of 13, 13 and 7 MB), and with a
        // reader per core one core sat idle while the other decoded the last slice alone. The store's
        // client blocks under its async face, so pool threads (as many as cores at start) would hold
        // a third reader back until one finished (bench/RESULTS.md, issue 16, fifth pass continued).
        var readers = Enumerable.Range(0, Math.Clamp(slices.Count, 1, 4))
            .Select(_ => Task.Factory.StartNew(
                () => ReadSlicesAsync(model.Version, slices, () => Interlocked.Increment(ref taken), builder.NewPart(), ct),
                ct,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default).Unwrap());
        var current = await Task.WhenAll(readers);
        return current.All(ok => ok) ? builder.Build() : null;
    }

    // One reader: false when its snapshot is not the model's version any more.
    private async Task<bool> ReadSlicesAsync(
        long version, List<(int Month, string Network)> slices, Func<int> take, WindowBuilder.Part part, CancellationToken ct)
    {
        await using var connection = await factory.OpenAsync(ct);
        await using var transaction = await factory.Dialect.BeginReadAsync(connection, ct);
        if (await DataVersionRepository.GetAsync(connection, transaction, ct) != version
            || await AggregateRefresher.AnyMarkAsync(connection, transaction, ct))
        {
            return false;
        }

        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = """
                SELECT "handle", "data" FROM "account_months" WHERE "month" = @month AND "network" = @network
                """;
            AddParameter(command, "@month", 0);
            AddParameter(command, "@network", "");
            // One buffer per reader for the months' bytes: 180,000 of them at 30,000 brands.
            var buffer = new byte[4096];
            for (var next = take(); next < slices.Count; next = take())
            {
                var (month, network) = slices[next];
                command.Parameters[0].Value = month;
                command.Parameters[1].Value = network;
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    var length = (int)reader.GetBytes(1, 0, null, 0, 0);
                    if (length > buffer.Length)
                    {
                        buffer = new byte[Math.Max(length, buffer.Length * 2)];
                    }

                    reader.GetBytes(1, 0, buffer, 0, length);
                    part.Add(network, reader.GetString(0), month, buffer.AsSpan(0, length));
                }
            }
        }

        await transaction.CommitAsync(ct);
        return true;
    }

    // The accounts in a read snapshot of its own; null when it is not the given version's (or has marks).
    private async Task<IReadOnlyList<TrackedAccount>?> ReadAccountsAtAsync(long version, CancellationToken ct)
    {
        await using var connection = await factory.OpenAsync(ct);
        await using var transaction = await factory.Dialect.BeginReadAsync(connection, ct);
        if (await DataVersionRepository.GetAsync(connection, transaction, ct) != version
            || await AggregateRefresher.AnyMarkAsync(connection, transaction, ct))
        {
            return null;
        }

        var accounts = await ReadAccountsAsync(connection, transaction, ct);
        await transaction.CommitAsync(ct);
        return accounts;
    }

    private static async Task<IReadOnlyList<TrackedAccount>> ReadAccountsAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct)
    {
        // By ordinal, not Dapper: 90,000 rows, read on every new data version.
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            SELECT a."brand", a."network", a."handle", s."first_month", s."last_month", s."latest_own_post",
                   s."earliest_followers", s."latest_followers"
            FROM "accounts" a LEFT JOIN "account_aggregates" s ON s."network" = a."network" AND s."handle" = a."handle"
            ORDER BY a."network", a."brand"
            """;
        await using var reader = await command.ExecuteReaderAsync(ct);
        var accounts = new List<TrackedAccount>();
        while (await reader.ReadAsync(ct))
        {
            int? Int(int column) => reader.IsDBNull(column) ? null : reader.GetInt32(column);
            long? Long(int column) => reader.IsDBNull(column) ? null : reader.GetInt64(column);
            accounts.Add(new TrackedAccount(
                new Account(reader.GetString(0), reader.GetString(1), reader.GetString(2)),
                new AccountSummary(Int(3), Int(4), Long(5), Long(6), Long(7))));
        }

        return accounts;
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
