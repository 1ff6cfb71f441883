using System.Globalization;
using System.Text.Json;
using CMesh.Testing;

namespace CMesh.EndToEnd.Tests;

/// <summary>
/// One mesh of four peers that the diagnosis tests break and mend, each test leaving it healthy again. Its heartbeat
/// timeout is 10 s, so that a link whose heartbeats fail stays "connected, heartbeats failing" long enough to see.
/// </summary>
public sealed class DiagnoseMesh : IAsyncLifetime
{
    public const string Run = "e2e-diagnose";
    private const string TestTable = "cmesh_test";

    public ResultFiles Results { get; } = new(Run);

    public static string Container(string member) => $"cmesh-{Run}-{member}";

    private readonly SharedMesh _mesh = new(Run, new MeshBuilder().WithPeers(4).WithHeartbeatTimeout(TimeSpan.FromSeconds(10)));

    public Task InitializeAsync() => _mesh.StartAsync();

    public async Task DisposeAsync() => await _mesh.DisposeAsync();

    /// <summary>`cmesh diagnose --json` on this run (or with other arguments), read back.</summary>
    public static async Task<DiagnoseOutput> DiagnoseAsync(IReadOnlyDictionary<string, string>? environment = null, params string[] arguments)
    {
        var result = await Shell.CmeshAsync(["diagnose", "--json", .. arguments.Length == 0 ? ["--run", Run] : arguments], environment, TimeSpan.FromMinutes(1));
        try
        {
            return new DiagnoseOutput(result, JsonDocument.Parse(result.StdOut).RootElement.Clone());
        }
        catch (JsonException)
        {
            Assert.Fail($"cmesh diagnose did not print JSON: {result}");
            throw;
        }
    }

    /// <summary>Diagnoses again and again until the verdict is the one expected; fails with the last output after the limit.</summary>
    public static async Task<DiagnoseOutput> VerdictAsync(string layer, string failure, Func<DiagnoseVerdict, bool> names, TimeSpan limit)
    {
        var output = await Eventually.ResultAsync(
            () => DiagnoseAsync(),
            output => output.Verdict is { } v && v.Layer == layer && v.Failure == failure && names(v),
            limit,
            last => $"no {layer}/{failure} verdict; last:\n{last.Result.StdOut}",
            every: TimeSpan.FromSeconds(1));
        Assert.NotEqual(0, output.Result.ExitCode);
        return output;
    }

    /// <summary>Waits until `cmesh diagnose` finds every layer healthy and exits 0 (and, when asked, the data path checked too).</summary>
    public static Task<DiagnoseOutput> HealthyAsync(TimeSpan limit, bool dataPathChecked = false) =>
        Eventually.ResultAsync(
            () => DiagnoseAsync(),
            output => output.Result.ExitCode == 0 && output.Root.GetProperty("healthy").GetBoolean() && (!dataPathChecked || output.LayerStatuses["dataPath"] == "ok"),
            limit,
            last => $"the mesh was not healthy again; last:\n{last.Result.StdOut}",
            every: TimeSpan.FromSeconds(1));

    public static Task<int> PidAsync(string member) => Namespaces.PidAsync(Container(member));

    public static Task<string> DataIpAsync(string member) => Namespaces.IpAsync(Run, "data", Container(member));

    public static Task<string> ControlIpAsync(string member) => Namespaces.IpAsync(Run, "control", Container(member));

    /// <summary>Adds a rule to a filter chain of the test's own nft table in the member's namespace (input or output hook, before Docker's rules).</summary>
    public static async Task AddRuleAsync(string member, string hook, params string[] rule)
    {
        var pid = await PidAsync(member);
        await NftAsync(pid, "add", "table", "inet", TestTable);
        await NftAsync(pid, "add", "chain", "inet", TestTable, hook, $"{{ type filter hook {hook} priority -300; }}");
        await NftAsync(pid, ["add", "rule", "inet", TestTable, hook, .. rule]);
    }

    /// <summary>Takes the test's nft table out of every member's namespace that has one.</summary>
    public static async Task RemoveRulesAsync()
    {
        foreach (var member in new[] { "coordinator", "peer-1", "peer-2", "peer-3", "peer-4" })
        {
            if (await Shell.DockerAsync("inspect", "-f", "{{.State.Running}}", Container(member)) != "true")
            {
                continue;
            }

            var pid = await PidAsync(member);
            if ((await Namespaces.InAsync(pid, "nft", "list", "tables")).StdOut.Contains(TestTable, StringComparison.Ordinal))
            {
                await NftAsync(pid, "delete", "table", "inet", TestTable);
            }
        }
    }

    private static async Task NftAsync(int pid, params string[] arguments)
    {
        var result = await Namespaces.InAsync(pid, ["nft", .. arguments]);
        Assert.True(result.ExitCode == 0, $"nft {string.Join(' ', arguments)} in {pid.ToString(CultureInfo.InvariantCulture)}: {result}");
    }
}

/// <summary>What `cmesh diagnose --json` printed and how it exited.</summary>
public sealed record DiagnoseOutput(CommandResult Result, JsonElement Root)
{
    public DiagnoseVerdict? Verdict => Root.TryGetProperty("verdict", out var v) && v.ValueKind == JsonValueKind.Object
        ? new DiagnoseVerdict(v.GetProperty("layer").GetString()!, v.GetProperty("component").GetString()!, v.GetProperty("failure").GetString()!, v.GetProperty("detail").GetString()!)
        : null;

    public IReadOnlyDictionary<string, string> LayerStatuses =>
        Root.GetProperty("layers").EnumerateArray().ToDictionary(l => l.GetProperty("layer").GetString()!, l => l.GetProperty("status").GetString()!);
}

public sealed record DiagnoseVerdict(string Layer, string Component, string Failure, string Detail);
