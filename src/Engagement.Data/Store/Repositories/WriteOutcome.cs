namespace Engagement.Data.Store.Repositories;

/// <summary>What a create-or-replace did, so callers can tell "created" from "already there".</summary>
public enum WriteOutcome
{
    Created,
    Updated,
    Unchanged,
}
