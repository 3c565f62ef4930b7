using System.Data.Common;
using Dapper;
using Engagement.Data.Csv;
using Engagement.Domain.Model;

namespace Engagement.Data.Store.Repositories;

/// <summary>
/// Accounts, with the rules of methodology.md §1 (the ones <see cref="AccountRegistry"/>
/// enforces, with its messages): an account belongs to one brand, a brand has one account per network.
/// </summary>
public sealed class AccountRepository(IDbConnectionFactory factory)
{
    internal const string Columns = """ "brand" AS "Brand", "network" AS "Network", "handle" AS "Handle" """;

    /// <summary>Accounts by (brand, network); only those of <paramref name="brand"/> when given (read by the accounts_by_brand index).</summary>
    public Task<IReadOnlyList<Account>> ListAsync(string? brand = null, CancellationToken ct = default) =>
        factory.ReadAsync<IReadOnlyList<Account>>(
            async (connection, token) => (await connection.QueryAsync<Account>(new CommandDefinition(
                brand is null
                    ? $"""SELECT {Columns} FROM "accounts" ORDER BY "brand", "network" """
                    : $"""SELECT {Columns} FROM "accounts" WHERE "brand" = @brand ORDER BY "brand", "network" """,
                new { brand },
                cancellationToken: token))).AsList(),
            ct);

    /// <summary>The account (network, normalised handle), whichever brand it belongs to; null when none tracks it.</summary>
    public Task<Account?> FindAsync(string network, string handle, CancellationToken ct = default) =>
        factory.ReadAsync(
            (connection, token) => connection.QuerySingleOrDefaultAsync<Account?>(new CommandDefinition(
                $"""SELECT {Columns} FROM "accounts" WHERE "network" = @network AND "handle" = @handle""",
                new { network, handle },
                cancellationToken: token)),
            ct);

    /// <summary>
    /// Adds the account (its handle normalised). <see cref="WriteOutcome.Unchanged"/> when this exact
    /// account exists; <see cref="NotFoundException"/> for an unknown brand; <see cref="DomainException"/>
    /// when the account belongs to another brand or the brand has another account on the network.
    /// </summary>
    public Task<WriteOutcome> AddAsync(Account account, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (!CanonicalFormats.IsId(account.Network))
        {
            throw new DomainException($"invalid network id '{account.Network}': lower-case a-z 0-9 - _");
        }

        var normalized = account with { Handle = Handle.Normalize(account.Handle) };
        if (normalized.Handle.Length == 0)
        {
            throw new DomainException("the handle is empty");
        }

        return factory.WriteAsync((connection, transaction, token) => AddAsync(connection, transaction, normalized, token), ct);
    }

    /// <summary>Deletes the account (not its posts, which are keyed by network and author); false when there was none.</summary>
    public Task<bool> DeleteAsync(string network, string handle, CancellationToken ct = default) =>
        factory.WriteAsync(
            async (connection, transaction, token) => await connection.ExecuteAsync(new CommandDefinition(
                """DELETE FROM "accounts" WHERE "network" = @network AND "handle" = @handle""",
                new { network, handle = Handle.Normalize(handle) },
                transaction,
                cancellationToken: token)) > 0,
            ct);

    private static async Task<WriteOutcome> AddAsync(DbConnection connection, DbTransaction transaction, Account account, CancellationToken ct)
    {
        var brandExists = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """SELECT COUNT(*) FROM "brands" WHERE "id" = @Brand""", account, transaction, cancellationToken: ct));
        if (brandExists == 0)
        {
            throw new NotFoundException($"unknown brand '{account.Brand}'");
        }

        // The stored accounts the new one could clash with, replayed into a registry so the rules
        // and messages are exactly the import's.
        var related = await connection.QueryAsync<Account>(new CommandDefinition(
            $"""
            SELECT {Columns} FROM "accounts"
            WHERE ("network" = @Network AND "handle" = @Handle) OR ("brand" = @Brand AND "network" = @Network)
            """,
            account,
            transaction,
            cancellationToken: ct));
        var registry = new AccountRegistry();
        foreach (var existing in related)
        {
            registry.TryAdd(existing);
        }

        if (registry.Contains(account))
        {
            return WriteOutcome.Unchanged;
        }

        if (registry.TryAdd(account) is { } conflict)
        {
            throw new DomainException(conflict.Reason);
        }

        await connection.ExecuteAsync(new CommandDefinition(
            """INSERT INTO "accounts" ("network", "handle", "brand") VALUES (@Network, @Handle, @Brand)""",
            account,
            transaction,
            cancellationToken: ct));
        return WriteOutcome.Created;
    }
}
