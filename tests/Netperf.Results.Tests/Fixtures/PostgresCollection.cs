namespace Netperf.Results.Tests.Fixtures;

/// <summary>The test classes that share the one PostgreSQL server of <see cref="PostgresFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "PostgreSQL";
}
