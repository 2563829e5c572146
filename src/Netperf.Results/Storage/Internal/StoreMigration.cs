namespace Netperf.Results.Storage.Internal;

/// <summary>One step of the store's schema: applied once, in order, inside the transaction that records it.</summary>
/// <param name="Version">The version the store has after this step.</param>
/// <param name="Description">What it does.</param>
/// <param name="Statements">The SQL of the step for an engine.</param>
internal sealed record StoreMigration(int Version, string Description, Func<ResultStoreEngine, IReadOnlyList<string>> Statements);
