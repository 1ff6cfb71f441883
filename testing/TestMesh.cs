using CMesh.Chaos.Scenarios;
using CMesh.Common;
using CMesh.Common.Contracts;
using CMesh.Docker.Chaos.Injection;
using CMesh.Docker.Coordinator;
using CMesh.Docker.Engine;
using CMesh.Docker.Engines;
using CMesh.Docker.Images;
using CMesh.Docker.Mesh;
using CMesh.Docker.Results;
using CMesh.Report;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Containers;
using DotNet.Testcontainers.Networks;
using Env = CMesh.Common.ContainerEnvironment;

namespace CMesh.Testing;

/// <summary>
/// A mesh a test drives: <see cref="StartAsync"/>, <see cref="RunAsync"/>, <see cref="StopAsync"/>,
/// <see cref="ReportAsync"/>; <see cref="DisposeAsync"/> removes everything the run made, by its labels, whatever
/// happened before. The networks and the coordinator are Testcontainers resources, the peers CMesh's launcher's.
/// </summary>
public sealed class TestMesh : IAsyncDisposable
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan CoordinatorTimeout = TimeSpan.FromSeconds(30);

    private readonly MeshBuilder _settings;
    private readonly Scenario? _scenario;
    private readonly EngineRecipe _engineRecipe;
    private readonly TimeProvider _clock;
    private DockerEngineClient? _engine;
    private readonly List<INetwork> _networks = [];
    private IContainer? _coordinator;
    private bool _stopped;

    internal TestMesh(MeshBuilder settings, string repository, TestPlan plan, Scenario? scenario, EngineRecipe engine, TimeProvider clock)
    {
        _engineRecipe = engine;
        _settings = settings;
        Plan = plan;
        _scenario = scenario;
        _clock = clock;
        Repository = repository;
        RunId = settings.RunName ?? Docker.Mesh.RunId.New(clock);
        ResultsDirectory = Path.Combine(Repository, "results", RunId);
    }

    public string Repository { get; }

    /// <summary>What the coordinator hands every peer: the builder's settings, with a scenario's workload and length.</summary>
    public TestPlan Plan { get; }

    public string RunId { get; }

    /// <summary>results/&lt;run&gt;: what every peer recorded, and the report.</summary>
    public string ResultsDirectory { get; }

    /// <summary>The coordinator's address on the host (API and live dashboard), once started.</summary>
    public Uri? CoordinatorAddress { get; private set; }

    /// <summary>Builds the images when missing or stale, creates the networks, the coordinator and the peers, and waits until every peer is ready.</summary>
    public async Task<MeshStatus> StartAsync(CancellationToken ct)
    {
        if (Docker.Mesh.RunId.Validate(RunId) is { } invalid)
        {
            throw new ArgumentException(invalid);
        }

        if (Directory.Exists(ResultsDirectory))
        {
            throw new InvalidOperationException($"{ResultsDirectory} already holds a run's results: choose another run name");
        }

        if (_engine is not null)
        {
            throw new InvalidOperationException($"mesh {RunId} was started already: build another");
        }

        _engine = DockerEngineClient.FromEnvironment();
        var engineVersion = await _engine.System.VersionAsync(ct);
        TestcontainersSetup.Apply(engineVersion);
        var images = await new MeshImages(_engine, BaseImage(), Repository, PeerPublish()).EnsureAsync(force: false, new Progress<string>(), ct, _engineRecipe);

        Directory.CreateDirectory(ResultsDirectory);
        var manifest = new RunManifest(
            RunId, $"{nameof(TestMesh)} {RunId}", Plan, await RunImages.DescribeAsync(_engine, images, ct), HostFacts.Collect(engineVersion), _clock.GetUtcNow(), Scenario: _scenario?.Name, Engine: _engineRecipe.Name);
        await manifest.WriteAsync(ResultsDirectory, ct);

        var request = new RunRequest(RunId, Plan, images, ResultsDirectory, RunSecrets.WithSwarmKey(new Dictionary<string, string>()), StartParallelism: 8, _settings.ReadyTimeout);
        foreach (var spec in new[] { MeshSpecs.ControlNetwork(RunId), MeshSpecs.DataNetwork(RunId) })
        {
            var network = TestcontainersSpecs.Network(spec).Build();
            _networks.Add(network);
            await network.CreateAsync(ct);
        }

        var launcher = new MeshLauncher(_engine, _clock);
        var dataSubnet = await launcher.DataSubnetAsync(RunId, ct);
        var mounts = MeshSpecs.Mounts(request);
        _coordinator = TestcontainersSpecs.Container(MeshSpecs.Coordinator(request, mounts))
            .WithWaitStrategy(Wait.ForUnixContainer().UntilHttpRequestIsSucceeded(
                request => request.ForPort(Env.CoordinatorPort).ForPath("/healthz"),
                wait => wait.WithTimeout(CoordinatorTimeout)))
            .Build();
        await _coordinator.StartAsync(ct);
        var port = _coordinator.GetMappedPublicPort(Env.CoordinatorPort);
        CoordinatorAddress = CoordinatorApi.Address(port);

        await launcher.StartPeersAsync(request, dataSubnet, mounts, new Progress<MeshProgress>(), ct);
        using var coordinator = CoordinatorApi.At(port);
        var ready = await new MeshReadiness(_clock).WaitAsync(coordinator, _settings.ReadyTimeout, new Progress<MeshStatus>(), ct);
        await (manifest with { ReadyAt = ready.ReadyAt, TimeToReadySeconds = (ready.ReadyAt!.Value - manifest.StartedAt).TotalSeconds })
            .WriteAsync(ResultsDirectory, ct);
        return ready;
    }

    /// <summary>
    /// Waits while the workload runs its <see cref="MeshBuilder.Duration"/>, playing the scenario from its start when
    /// there is one (every fault reverted at its end); returns the coordinator's status as the workload ends.
    /// </summary>
    public async Task<MeshStatus> RunAsync(CancellationToken ct)
    {
        if (Plan.DurationSeconds is null)
        {
            throw new InvalidOperationException($"mesh {RunId} has no time limit: its workload runs until StopAsync");
        }

        using var coordinator = CoordinatorApi.At(StartedCoordinatorPort());
        if (_scenario is not null)
        {
            await WorkloadWatch.UntilStartedAsync(coordinator, _clock, ct);
            await PlayAsync(_scenario, ct);
        }

        return await WorkloadWatch.UntilWorkloadEndsAsync(coordinator, new Progress<MeshStatus>(), _clock, ct);
    }

    /// <summary>Ends the workload and waits for the peers to flush their records; the containers stay until disposal.</summary>
    public async Task StopAsync(CancellationToken ct)
    {
        var run = await new MeshInventory(Engine).FindAsync(RunId, ct)
            ?? throw new InvalidOperationException($"run {RunId} is not on the engine");
        if (!await new MeshTeardown(Engine, _clock).RequestStopAsync(run, StopGrace))
        {
            throw new InvalidOperationException($"the coordinator of run {RunId} did not take the stop");
        }

        _stopped = true;
    }

    /// <summary>Every figure of the run, derived from what the peers recorded (the CSV files, plots and HTML report too); stops the mesh first if needed.</summary>
    public async Task<RunReport> ReportAsync(CancellationToken ct)
    {
        if (!_stopped)
        {
            await StopAsync(ct);
        }

        return await ReportBuilder.BuildAsync(ResultsDirectory, ct);
    }

    /// <summary>Removes the run's containers and networks by its labels (also after a failed start); the results stay.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_engine is null)
        {
            return;
        }

        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        if (await new MeshInventory(_engine).FindAsync(RunId, limit.Token) is { } run)
        {
            await new MeshTeardown(_engine, _clock).RemoveAsync(run, "disposed by the test");
        }

        // Already removed with the run: this only lets go of Testcontainers' own handles.
        if (_coordinator is not null)
        {
            await _coordinator.DisposeAsync();
        }

        foreach (var network in _networks)
        {
            await network.DisposeAsync();
        }

        _engine.Dispose();
    }

    private async Task PlayAsync(Scenario scenario, CancellationToken ct)
    {
        var run = await new MeshInventory(Engine).FindAsync(RunId, ct) ?? throw new InvalidOperationException($"run {RunId} is not on the engine");
        var manifest = await RunManifest.ReadAsync(ResultsDirectory, ct) ?? throw new InvalidOperationException($"run {RunId} has no {RunManifest.FileName}");
        await using var session = await ChaosSession.OpenAsync(Engine, run, manifest.Images.Base, ResultsDirectory, _clock, seed: null, kernel: null, ct);
        var player = new ScenarioPlayer(session, _clock);
        await player.CheckAsync(scenario, ct);
        ScenarioSaver.Save(Repository, scenario, ResultsDirectory);
        await player.PlayAsync(scenario, progress: null, ct);
    }

    private DockerEngineClient Engine => _engine ?? throw new InvalidOperationException("the mesh has not been started");

    private int StartedCoordinatorPort() =>
        _coordinator?.GetMappedPublicPort(Env.CoordinatorPort) ?? throw new InvalidOperationException("the mesh has not been started");

    private static BaseImageSettings BaseImage() => new(
        Environment.GetEnvironmentVariable("CMESH_BASE_IMAGE"),
        EnvironmentSettings.Text("CMESH_DEBIAN_SUITE", BaseImageSettings.DefaultSuite),
        Environment.GetEnvironmentVariable("CMESH_DEBIAN_MIRROR"));

    private static PublishMode PeerPublish() =>
        Environment.GetEnvironmentVariable("CMESH_PEER_PUBLISH") is { Length: > 0 } publish
            ? PublishMode.Find(publish) ?? throw new InvalidOperationException($"CMESH_PEER_PUBLISH={publish}: expected aot or r2r")
            : AppImage.Peer.Publish;
}
