// The fake GitHub of the tests (tests/Netperf.Testing/GitHub) as a process, for benchmarks that register runners:
// listens on 127.0.0.1 (a random port), prints the settings a netperf process needs as NAME=VALUE lines (the fake's
// own well-known token, nothing secret), and serves until its standard input closes.
//   dotnet bench/Netperf.GitHubFake/bin/Release/net10.0/Netperf.GitHubFake.dll
using Netperf.Testing.GitHub;

await using var server = await FakeGitHubServer.StartAsync();
Console.WriteLine($"Netperf__GitHub__ApiBaseUrl={server.BaseUrl}");
Console.WriteLine("Netperf__GitHub__Owner=netperf");
Console.WriteLine("Netperf__GitHub__Repository=netperf");
Console.WriteLine($"Netperf__GitHub__Token={FakeGitHubServer.DefaultToken}");
await Console.Out.FlushAsync();
await Console.In.ReadToEndAsync();
Console.Error.WriteLine($"fake GitHub: {server.Journal.Count} requests served, {server.Runners.Count} runner(s) left");
