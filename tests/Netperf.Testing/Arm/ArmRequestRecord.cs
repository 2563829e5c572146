namespace Netperf.Testing.Arm;

/// <summary>One request the fake received, in arrival order.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="PathAndQuery">The path and query as sent.</param>
/// <param name="Status">The status the fake answered with.</param>
/// <param name="Kind">The operation kind the fake classified it as.</param>
/// <param name="Body">The request body as sent (it may hold secrets such as an admin password: test-only data).</param>
public sealed record ArmRequestRecord(string Method, string PathAndQuery, int Status, ArmOperationKind Kind, string? Body = null);
