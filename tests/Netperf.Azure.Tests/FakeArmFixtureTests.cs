using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Netperf.Testing;
using Netperf.Testing.Arm;

namespace Netperf.Azure.Tests;

/// <summary>
/// The fake's answers against fixtures that describe what real ARM answers (taken from recorded sessions and the
/// documentation, see each fixture's <c>source</c>): status, which headers are there and which are not, and the body
/// values that matter. Raw HTTP, so nothing of the SDK smooths a difference over.
/// </summary>
public sealed class FakeArmFixtureTests
{
    private const string Group = "fixture-rg";

    public static TheoryData<string> Fixtures => new(Directory.GetFiles(FixtureFolder(), "*.json").Select(Path.GetFileNameWithoutExtension).Order()!);

    [Theory]
    [MemberData(nameof(Fixtures))]
    public async Task FakeArm_Answer_MatchesTheRecordedShape(string fixture)
    {
        using var expected = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(FixtureFolder(), fixture + ".json")));
        await using var fake = await FakeArmServer.StartAsync();
        // The system clock here: no modelled waits, but the windows and headers the fixtures describe.
        fake.Behaviours.UseInstantTiming();
        fake.Behaviours.PollRetryAfter = TimeSpan.FromSeconds(10);
        fake.Behaviours.NicReservationWindow = TimeSpan.FromSeconds(180);
        using var handler = fake.CreateTrustingHandler();
        using var http = new HttpClient(handler) { BaseAddress = fake.BaseUri };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "fixture");
        var arm = new Arm(fake, http);

        using var response = await Scenario(fixture, arm);

        var root = expected.RootElement;
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length == 0 ? null : JsonNode.Parse(text);
        var why = $"{fixture}: {root.GetProperty("about").GetString()}\n{(int)response.StatusCode} {text}";
        Assert.True(root.GetProperty("status").GetInt32() == (int)response.StatusCode, why);
        foreach (var name in Strings(root, "headersPresent"))
        {
            Assert.True(response.Headers.Contains(name), $"{why}\nheader {name} missing");
        }

        foreach (var name in Strings(root, "headersAbsent"))
        {
            Assert.False(response.Headers.Contains(name), $"{why}\nheader {name} must not be sent");
        }

        foreach (var (name, value) in Pairs(root, "headerValues"))
        {
            Assert.Equal(value, response.Headers.GetValues(name).Single());
        }

        foreach (var (path, value) in Pairs(root, "body"))
        {
            Assert.True(Find(body, path)?.ToString() == value, $"{why}\n{path} should be {value}");
        }

        foreach (var (path, value) in Pairs(root, "bodyContains"))
        {
            Assert.Contains(value, Find(body, path)?.ToString() ?? string.Empty, StringComparison.Ordinal);
        }

        foreach (var path in Strings(root, "bodyPresent"))
        {
            Assert.True(Find(body, path) is not null, $"{why}\n{path} missing");
        }

        foreach (var path in Strings(root, "bodyAbsent"))
        {
            Assert.True(Find(body, path) is null, $"{why}\n{path} must not be there");
        }

        foreach (var (path, value) in Pairs(root, "maxBytes"))
        {
            var bytes = Encoding.UTF8.GetByteCount(Find(body, path)?.GetValue<string>() ?? string.Empty);
            Assert.True(bytes > 0 && bytes <= int.Parse(value, System.Globalization.CultureInfo.InvariantCulture), $"{why}\n{path} has {bytes} bytes");
        }
    }

    private static async Task<HttpResponseMessage> Scenario(string fixture, Arm arm)
    {
        switch (fixture)
        {
            case "vm-put-created":
                await arm.NetworkAsync();
                return await arm.PutAsync(arm.Vm("vm1"), arm.VmBody("nic1"));
            case "network-put-created":
                await arm.GroupAsync();
                return await arm.PutAsync(arm.Network("networkSecurityGroups", "nsg1"), new JsonObject { ["location"] = "eastus", ["properties"] = new JsonObject() });
            case "resource-group-delete":
                await arm.GroupAsync();
                return await arm.SendAsync(HttpMethod.Delete, $"subscriptions/{arm.Fake.SubscriptionId}/resourceGroups/{Group}");
            case "operation-poll-in-progress":
                await arm.GroupAsync();
                arm.Fake.Faults.SetLatency(ArmOperationKind.CreateNetworkResource, TimeSpan.FromHours(1));
                using (var put = await arm.PutAsync(arm.Network("networkSecurityGroups", "nsg1"), new JsonObject { ["location"] = "eastus", ["properties"] = new JsonObject() }))
                {
                    return await arm.SendAsync(HttpMethod.Get, put.Headers.GetValues("Azure-AsyncOperation").Single());
                }

            case "compute-throttling":
                arm.Fake.Faults.Throttle(ArmThrottle.Compute(ArmOperationKind.CreateVirtualMachine));
                await arm.NetworkAsync();
                return await arm.PutAsync(arm.Vm("vm1"), arm.VmBody("nic1"));
            case "nic-reserved":
                await arm.NetworkAsync();
                arm.Fake.Faults.FailVmCreation(ArmError.AllocationFailed);
                await arm.CompleteAsync(await arm.PutAsync(arm.Vm("vm1"), arm.VmBody("nic1")));
                await arm.CompleteAsync(await arm.SendAsync(HttpMethod.Delete, arm.Vm("vm1")));
                return await arm.SendAsync(HttpMethod.Delete, arm.Network("networkInterfaces", "nic1"));
            case "run-command-instance-view":
                await arm.NetworkAsync();
                await arm.CompleteAsync(await arm.PutAsync(arm.Vm("vm1"), arm.VmBody("nic1")));
                arm.Fake.GuestHandler = (_, _) => Task.FromResult(new GuestResult(0, string.Concat(Enumerable.Range(0, 1000).Select(i => $"output line {i}\n"))));
                await arm.CompleteAsync(await arm.PutAsync(arm.Vm("vm1") + "/runCommands/rc1", new JsonObject
                {
                    ["location"] = "eastus",
                    ["properties"] = new JsonObject
                    {
                        ["source"] = new JsonObject { ["script"] = "seq 1000" },
                        ["protectedParameters"] = new JsonArray(new JsonObject { ["name"] = "TOKEN", ["value"] = "secret" }),
                    },
                }));
                // The script runs in the guest after the PUT's operation ends (as on ARM): read until it has finished.
                for (var attempt = 0; ; attempt++)
                {
                    var read = await arm.SendAsync(HttpMethod.Get, arm.Vm("vm1") + "/runCommands/rc1", "$expand=instanceView");
                    var body = await read.Content.ReadAsStringAsync();
                    if (attempt >= 200 || !(body.Contains("\"executionState\":\"Running\"", StringComparison.Ordinal) || body.Contains("\"executionState\":\"Pending\"", StringComparison.Ordinal)))
                    {
                        return read;
                    }

                    read.Dispose();
                    await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System);
                }

            case "vm-not-found":
                await arm.GroupAsync();
                return await arm.SendAsync(HttpMethod.Get, arm.Vm("nothing"));
            default:
                throw new InvalidOperationException($"No scenario for fixture {fixture}.");
        }
    }

    private static IEnumerable<string> Strings(JsonElement root, string name) =>
        root.TryGetProperty(name, out var array) ? array.EnumerateArray().Select(e => e.GetString()!) : [];

    private static IEnumerable<(string Key, string Value)> Pairs(JsonElement root, string name) =>
        root.TryGetProperty(name, out var map) ? map.EnumerateObject().Select(p => (p.Name, p.Value.ToString())) : [];

    /// <summary>A path such as <c>error.details[0].code</c>.</summary>
    private static JsonNode? Find(JsonNode? node, string path)
    {
        foreach (var part in path.Split('.'))
        {
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            node = node?[bracket < 0 ? part : part[..bracket]];
            if (bracket >= 0)
            {
                node = node?[int.Parse(part[(bracket + 1)..^1], System.Globalization.CultureInfo.InvariantCulture)];
            }
        }

        return node;
    }

    private static string FixtureFolder() => Path.Combine(RepositoryRoot.Find(), "tests", "Netperf.Azure.Tests", "Fixtures", "Arm");

    private sealed class Arm(FakeArmServer fake, HttpClient http)
    {
        public FakeArmServer Fake => fake;

        public string Vm(string name) => $"subscriptions/{fake.SubscriptionId}/resourceGroups/{Group}/providers/Microsoft.Compute/virtualMachines/{name}";

        public string Network(string type, string name) => $"subscriptions/{fake.SubscriptionId}/resourceGroups/{Group}/providers/Microsoft.Network/{type}/{name}";

        public async Task GroupAsync()
        {
            using var response = await PutAsync($"subscriptions/{fake.SubscriptionId}/resourceGroups/{Group}", new JsonObject { ["location"] = "eastus" });
            response.EnsureSuccessStatusCode();
        }

        public async Task NetworkAsync()
        {
            await GroupAsync();
            await CompleteAsync(await PutAsync(Network("virtualNetworks", "vnet1"), new JsonObject
            {
                ["location"] = "eastus",
                ["properties"] = new JsonObject
                {
                    ["addressSpace"] = new JsonObject { ["addressPrefixes"] = new JsonArray("10.0.0.0/16") },
                    ["subnets"] = new JsonArray(new JsonObject { ["name"] = "s", ["properties"] = new JsonObject { ["addressPrefix"] = "10.0.1.0/24" } }),
                },
            }));
            await CompleteAsync(await PutAsync(Network("networkInterfaces", "nic1"), new JsonObject
            {
                ["location"] = "eastus",
                ["properties"] = new JsonObject
                {
                    ["ipConfigurations"] = new JsonArray(new JsonObject
                    {
                        ["name"] = "ip",
                        ["properties"] = new JsonObject { ["subnet"] = new JsonObject { ["id"] = "/" + Network("virtualNetworks", "vnet1") + "/subnets/s" } },
                    }),
                },
            }));
        }

        public JsonObject VmBody(string nic) => new()
        {
            ["location"] = "eastus",
            ["properties"] = new JsonObject
            {
                ["hardwareProfile"] = new JsonObject { ["vmSize"] = "Standard_D2s_v5" },
                ["storageProfile"] = new JsonObject
                {
                    ["imageReference"] = new JsonObject { ["publisher"] = "Canonical", ["offer"] = "ubuntu-24_04-lts", ["sku"] = "server", ["version"] = "latest" },
                    ["osDisk"] = new JsonObject { ["createOption"] = "FromImage", ["deleteOption"] = "Delete" },
                },
                ["osProfile"] = new JsonObject
                {
                    ["computerName"] = "vm1",
                    ["adminUsername"] = "netperf",
                    ["adminPassword"] = "Fixture-Passw0rd!",
                    ["linuxConfiguration"] = new JsonObject { ["disablePasswordAuthentication"] = false },
                },
                ["networkProfile"] = new JsonObject
                {
                    ["networkInterfaces"] = new JsonArray(new JsonObject { ["id"] = "/" + Network("networkInterfaces", nic) }),
                },
            },
        };

        public Task<HttpResponseMessage> PutAsync(string path, JsonNode body) =>
            SendAsync(HttpMethod.Put, path, content: new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));

        public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string pathOrUrl, string? query = null, HttpContent? content = null)
        {
            var separator = pathOrUrl.Contains('?', StringComparison.Ordinal) ? '&' : '?';
            var url = pathOrUrl.Contains("api-version", StringComparison.Ordinal) ? pathOrUrl : $"{pathOrUrl}{separator}api-version=2023-07-01{(query is null ? string.Empty : "&" + query)}";
            using var request = new HttpRequestMessage(method, url) { Content = content };
            return await http.SendAsync(request);
        }

        /// <summary>Polls an operation's Azure-AsyncOperation (or Location) URL until it is no longer in progress.</summary>
        public async Task CompleteAsync(HttpResponseMessage started)
        {
            using (started)
            {
                var url = started.Headers.TryGetValues("Azure-AsyncOperation", out var async) ? async.Single()
                    : started.Headers.Location?.ToString();
                for (var i = 0; url is not null && i < 10; i++)
                {
                    using var poll = await SendAsync(HttpMethod.Get, url);
                    var text = await poll.Content.ReadAsStringAsync();
                    if (poll.StatusCode != System.Net.HttpStatusCode.Accepted && !text.Contains("InProgress", StringComparison.Ordinal))
                    {
                        return;
                    }
                }
            }
        }
    }
}
