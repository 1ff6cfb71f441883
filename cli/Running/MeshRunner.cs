using CMesh.Chaos.Scenarios;
using CMesh.Chaos.Yaml;
using CMesh.Cli.Chaos;
using CMesh.Cli.Commands;
using CMesh.Cli.Input;
using CMesh.Cli.Output;
using CMesh.Common;
using CMesh.Common.Contracts;
using CMesh.Docker.Chaos.Injection;
using CMesh.Docker.Coordinator;
using CMesh.Docker.Engine;
using CMesh.Docker.Engines;
using CMesh.Docker.Images;
using CMesh.Docker.Mesh;
using CMesh.Docker.Results;
using CMesh.Docker.Swarm;
using Spectre.Console;

namespace CMesh.Cli.Running;

/// <summary>
/// One run from start to end: check the input, make the images, bring the mesh up, wait until it is ready, and,
/// with a duration, let the workload run and take the mesh down. A failure or Ctrl-C takes it down too; the
/// results recorded so far stay.
/// </summary>
public sealed class MeshRunner(CliServices services)
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan InterruptGrace = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan DefaultCoolDown = TimeSpan.FromSeconds(30);

    public async Task<int> RunAsync(RunArguments arguments, CancellationToken ct)
    {
        var settings = services.Settings;
        var scenario = arguments.Scenario is { } name ? FindScenario(name, arguments) : null;
        if (scenario is not null)
        {
            arguments = arguments.Playing(scenario, DefaultCoolDown);
        }

        var plan = Plan(arguments);
        if (arguments.Engine is not null && arguments.PeerImage is not null)
        {
            throw new UsageException("--engine and --peer-image: a peer image brings its own engine; give one of them");
        }

        var engine = EngineChoice.Resolve(settings.Home, arguments.Engine);
        var runId = arguments.Name ?? RunId.New(services.Clock);
        if (RunId.Validate(runId) is { } invalid)
        {
            throw new UsageException(invalid);
        }

        var runDirectory = ResultsFolder.Prepare(settings.ResultsRoot, runId);
        var engineVersion = await services.RequireEngineAsync(ct);
        if (await new MeshInventory(services.Engine).FindAsync(runId, ct) is not null)
        {
            throw new UsageException($"a mesh named {runId} is running: stop it with `cmesh stop {runId}` or choose another --name");
        }

        var swarm = await RunnerChoice.ResolveAsync(services.Engine, arguments, services.Settings.Registry is not null, ct);
        var registry = swarm is null ? null : await RegistryChoice.ResolveAsync(services.Engine, services.Settings.Registry, services.Clock, ct);
        if (arguments.PeerImage is { } peerImage)
        {
            engine = await EngineChoice.FromImageAsync(services.Engine, peerImage, "--peer-image", ct);
        }

        var meshRate = HostCapacity.MeshUpdatesPerSecond(plan.Peers, plan.WriteIntervalMs);
        IReadOnlyList<CapacityVerdict> verdicts = swarm is null
            ? new[] { HostCapacity.Check(plan.Peers, meshRate, engine.Name, engine.CostPerPeer, HostResources.Read()) }.OfType<CapacityVerdict>().ToList()
            : HostCapacity.CheckNodes(swarm, meshRate, engine.Name, engine.CostPerPeer, await new SwarmInventory(services.Engine, services.Clock).FreeAsync(swarm.Nodes, ct));
        if (verdicts.FirstOrDefault(v => v.Refused) is { } refusal)
        {
            throw new UsageException(refusal.Message);
        }

        foreach (var warning in verdicts)
        {
            services.Say.Warning(warning.Message);
        }

        var images = await ImageStage.EnsureAsync(services, arguments.Rebuild, ct, engine, arguments.PeerImage);
        var experiment = scenario is null
            ? null
            : new Experiment(scenario, arguments.Seed, await CheckKernelAsync(scenario, runId, images.BaseImage, ct));

        Directory.CreateDirectory(runDirectory);
        var manifest = new RunManifest(
            runId, arguments.CommandLine, plan, await RunImages.DescribeAsync(services.Engine, images, ct), HostFacts.Collect(engineVersion), services.Clock.GetUtcNow(), Scenario: scenario?.Name, Engine: engine.Name);
        await manifest.WriteAsync(runDirectory, ct);

        try
        {
            return await BringUpAndRunAsync(manifest, runDirectory, images, arguments.Duration, experiment, swarm, registry, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            services.Say.Warning($"interrupted: stopping run {runId} (results so far stay in {runDirectory})");
            await TearDownAsync(runId, InterruptGrace, "interrupted (Ctrl-C)");
            return ExitCodes.Interrupted;
        }
        catch (Exception e) when (e is MeshNotReadyException or InvalidOperationException or DockerEngineException or HttpRequestException)
        {
            services.Say.Error(e.Message);
            await ReportExitedContainersAsync(runId);
            await TearDownAsync(runId, InterruptGrace, $"failed: {e.Message}");
            return ExitCodes.RunFailed;
        }
    }

    private async Task<int> BringUpAndRunAsync(
        RunManifest manifest, string runDirectory, MeshImageSet images, TimeSpan? duration, Experiment? experiment, SwarmLayout? swarm, ImageRegistry? registry,
        CancellationToken ct)
    {
        var settings = services.Settings;
        var request = new RunRequest(
            manifest.RunId, manifest.Plan, images, runDirectory, RunSecrets.WithSwarmKey(settings.LoadSecrets()), settings.StartParallelism,
            TimeSpan.FromSeconds(settings.ReadyTimeoutSeconds));
        var (mesh, ready) = await BringUpAsync(request, swarm, registry, ct);
        manifest = manifest with { ReadyAt = ready.ReadyAt, TimeToReadySeconds = (ready.ReadyAt!.Value - mesh.StartedAt).TotalSeconds, Runner = mesh.Runner };
        await manifest.WriteAsync(runDirectory, ct);
        services.Console.Write(MeshTables.Ready(ready, mesh.StartedAt));
        if (swarm is not null)
        {
            SayPlacement(swarm, mesh.Runner);
            // Locally every member runs on the CLI's clock; on a swarm each node has its own, measured once every peer serves its GET /clock.
            manifest = manifest with { Clocks = await ClockStage.MeasureAsync(services, mesh, ct) };
            await manifest.WriteAsync(runDirectory, ct);
        }

        if (duration is null)
        {
            services.Say.Info($"mesh {mesh.RunId} is up: `cmesh status` shows it, the dashboard at {CoordinatorApi.Address(mesh.CoordinatorPort)} draws it, `cmesh watch` follows its logs, `cmesh stop {mesh.RunId}` ends it");
            return ExitCodes.Ok;
        }

        services.Say.Info($"dashboard, while the run lasts: {CoordinatorApi.Address(mesh.CoordinatorPort)}");

        using var coordinator = CoordinatorApi.At(mesh.CoordinatorPort);
        if (experiment is not null)
        {
            await PlayScenarioAsync(experiment, mesh.RunId, coordinator, ct);
        }

        await FollowWorkloadAsync(coordinator, TimeSpan.FromSeconds(manifest.Plan.SettleSeconds), ct);
        if (manifest.Clocks is { } start)
        {
            manifest = manifest with { Clocks = await ClockStage.MeasureAgainAsync(services, mesh.CoordinatorPort, start, ct) };
            await manifest.WriteAsync(runDirectory, ct);
        }

        var run = await new MeshInventory(services.Engine).FindAsync(mesh.RunId, ct)
            ?? throw new InvalidOperationException($"run {mesh.RunId} vanished while it ran");
        // Exit code 1 is a peer that failed by itself (an engine's adapter broke, say); chaos kills and stops end
        // peers by signal instead.
        var failed = (await new ExitedContainers(services.Engine).FindAsync(run, lines: 3, ct)).Where(e => e.ExitCode == 1).ToList();
        var teardown = new MeshTeardown(services.Engine, services.Clock);
        await teardown.RequestStopAsync(run, StopGrace);
        // Counted before the records are collected, which stops the peers on other nodes.
        await TaskFailureReport.RecordAsync(services, run, ct);
        SayCollected(run, await teardown.CollectRemoteRecordsAsync(run));

        var final = await FinalStatusAsync(coordinator, ct);
        var unanswered = UnansweredWrites.Find(runDirectory, manifest.Engine ?? EngineRecipe.BuiltIn, TimeSpan.FromMilliseconds(manifest.Plan.WriteIntervalMs));
        await teardown.RemoveAsync(run, failed.Count + unanswered.Count == 0 ? "duration elapsed" : "duration elapsed; peers failed");
        if (final is not null)
        {
            services.Console.Write(MeshTables.Workload(final));
        }

        services.Say.Info($"results: {runDirectory}");
        foreach (var peer in failed)
        {
            services.Say.Error($"{peer.Member} failed during the run (exit code 1): {string.Join(" | ", peer.LastLines)}");
        }

        foreach (var line in unanswered)
        {
            services.Say.Error(line);
        }

        return failed.Count + unanswered.Count == 0 ? ExitCodes.Ok : ExitCodes.RunFailed;
    }

    /// <summary>
    /// The counts the peers last told the coordinator, for the table at the end; null when it stayed silent (a host
    /// saturated by hundreds of peers starves it). The run does not fail for it: the table only repeats heartbeat
    /// counts, and the report derives every figure from the peers' records.
    /// </summary>
    private async Task<MeshStatus?> FinalStatusAsync(CoordinatorApi coordinator, CancellationToken ct)
    {
        try
        {
            return await WorkloadWatch.StatusAsync(coordinator, services.Clock, ct);
        }
        catch (HttpRequestException e)
        {
            services.Say.Warning($"no workload table: the coordinator answered no status request for {WorkloadWatch.SilenceLimit.TotalSeconds:F0} s after the stop ({e.Message}); `cmesh report` derives every figure from the records");
            return null;
        }
    }

    private Scenario FindScenario(string name, RunArguments arguments)
    {
        if (arguments.Duration is not null)
        {
            throw new UsageException("--duration and --scenario: the scenario sets how long the run lasts; use --cool-down for the time after its last fault");
        }

        ScenarioLibrary library;
        try
        {
            library = ScenarioLibrary.Load(services.Settings.Home);
        }
        catch (ScenarioFileException e)
        {
            throw new UsageException(e.Message);
        }

        var scenario = library.Find(name) ?? throw new UsageException($"no scenario named {name}: `cmesh chaos ls` lists them");
        return scenario.Workload?.MinPeers is { } minimum && arguments.Peers < minimum
            ? throw new UsageException($"scenario {name} needs at least {minimum} peers, and the run has {arguments.Peers}")
            : scenario;
    }

    /// <summary>Refuses, before the mesh starts, a scenario whose faults the host's kernel cannot do; the scenario's session reuses what was found.</summary>
    private async Task<KernelCapabilities> CheckKernelAsync(Scenario scenario, string runId, string baseImage, CancellationToken ct)
    {
        var kernel = await new CapabilityProbe(services.Engine, runId, baseImage, services.Clock).ProbeAsync(ct);
        foreach (var step in scenario.Steps)
        {
            kernel.Check(step.Fault);
        }

        return kernel;
    }

    /// <summary>The scenario's clock starts with the workload, so its first offset is the warm-up.</summary>
    private async Task PlayScenarioAsync(Experiment experiment, string runId, CoordinatorApi coordinator, CancellationToken ct)
    {
        await WorkloadWatch.UntilStartedAsync(coordinator, services.Clock, ct);
        var target = await ChaosTarget.ResolveAsync(services, runId, ct);
        // Before the mesh started only the CLI's engine could be probed; a swarm run's session probes every node its members are on.
        var kernel = target.Run.OnSwarm ? null : experiment.Kernel;
        await new ScenarioRunner(services).RunAsync(experiment.Scenario, target, dryRun: false, experiment.Seed, kernel, ct);
    }

    /// <summary>A run's scenario, the seed of its random choices, and the kernel features probed (on the CLI's engine) before the mesh started.</summary>
    private sealed record Experiment(Scenario Scenario, int? Seed, KernelCapabilities Kernel);

    /// <summary>Where the swarm put the members, and how long the images took to reach the nodes.</summary>
    private void SayPlacement(SwarmLayout swarm, RunnerRecord runner)
    {
        var perNode = (runner.Placement ?? new Dictionary<string, string>()).GroupBy(p => p.Value)
            .Select(g => $"{g.Key}: {g.Count()}");
        var images = runner.ImageRegistry is { } registry ? $"images pushed to {registry} in {runner.ImageCopySeconds:F1} s (each node pulls what it lacks)" : $"images on {swarm.Nodes.Count} nodes in {runner.ImageCopySeconds:F1} s";
        services.Say.Info($"swarm: {images}; members per node: {string.Join(", ", perNode)}");
    }

    private async Task<(RunningMesh Mesh, MeshStatus Ready)> BringUpAsync(RunRequest request, SwarmLayout? swarm, ImageRegistry? registry, CancellationToken ct)
    {
        RunningMesh? mesh = null;
        MeshStatus? ready = null;
        await services.Console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var total = request.Plan.Peers;
                var copied = swarm is null
                    ? null
                    : context.AddTask(registry is null ? $"images to {swarm.Nodes.Count - 1} other nodes" : $"images through {registry.Address}", maxValue: Math.Max(1, swarm.Nodes.Count - 1));
                var started = context.AddTask("peers started", maxValue: total);
                var registered = context.AddTask("peers registered", maxValue: total);
                var linked = context.AddTask("peers ready (≥1 link)", maxValue: total);
                IMeshLauncher launcher = swarm is null
                    ? new MeshLauncher(services.Engine, services.Clock)
                    : new SwarmLauncher(services.Engine, services.Clock, swarm, registry: registry, agentSocket: services.Settings.AgentSocket);
                mesh = await launcher.StartAsync(
                    request,
                    new Progress<MeshProgress>(p =>
                    {
                        switch (p.Stage)
                        {
                            case "peers":
                                started.Value = p.Done;
                                break;
                            case "images" when copied is not null:
                                copied.MaxValue = Math.Max(1, p.Total);
                                copied.Value = p.Total == 0 ? copied.MaxValue : p.Done;
                                break;
                        }
                    }),
                    ct);
                started.Value = total;
                using var coordinator = CoordinatorApi.At(mesh.CoordinatorPort);
                ready = await new MeshReadiness(services.Clock).WaitAsync(
                    coordinator,
                    request.ReadyTimeout,
                    new Progress<MeshStatus>(s =>
                    {
                        registered.Value = s.Peers.Count;
                        linked.Value = s.Peers.Count(p => p.State >= PeerState.Ready && p.Links.Count > 0);
                    }),
                    ct);
                registered.Value = total;
                linked.Value = total;
            });
        return (mesh!, ready!);
    }

    /// <summary>Follows the workload to its end, then the settle (peers sync on without writing) to its end.</summary>
    private async Task FollowWorkloadAsync(CoordinatorApi coordinator, TimeSpan settleBound, CancellationToken ct)
    {
        await services.Console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var workload = context.AddTask("workload");
                await WorkloadWatch.UntilWorkloadEndsAsync(
                    coordinator,
                    new SynchronousProgress<MeshStatus>(status =>
                    {
                        if (status is { StartAt: { } start, StopAt: { } stop })
                        {
                            var elapsed = (services.Clock.GetUtcNow() - start) / (stop - start);
                            workload.Value = Math.Clamp(elapsed * 100, 0, 100);
                            workload.Description = $"workload: {status.Peers.Sum(p => p.Written)} written, {status.Peers.Sum(p => p.Delivered)} delivered";
                        }
                    }),
                    services.Clock,
                    ct);
                workload.Value = 100;
                var settle = context.AddTask($"settling (at most {settleBound.TotalSeconds:F0} s)");
                var settlingSince = services.Clock.GetUtcNow();
                while ((await WorkloadWatch.StatusAsync(coordinator, services.Clock, ct)).Phase == MeshPhase.Settling)
                {
                    settle.Value = Math.Min(99, 100 * ((services.Clock.GetUtcNow() - settlingSince) / settleBound));
                    await Task.Delay(TimeSpan.FromMilliseconds(250), services.Clock, ct);
                }

                settle.Value = 100;
            });
    }

    private async Task ReportExitedContainersAsync(string runId)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30), services.Clock);
        if (await new MeshInventory(services.Engine).FindAsync(runId, limit.Token) is not { } run)
        {
            return;
        }

        foreach (var exited in await new ExitedContainers(services.Engine).FindAsync(run, lines: 3, limit.Token))
        {
            services.Say.Warning($"{exited.Member} exited with code {exited.ExitCode}: {string.Join(" | ", exited.LastLines)}");
        }

        if (run.OnSwarm)
        {
            foreach (var line in TaskFailures.Describe(run.Services, await services.Engine.Swarm.ListTasksAsync(run.Services.Select(s => s.Id).ToList(), limit.Token)))
            {
                services.Say.Warning(line);
            }
        }
    }

    private async Task TearDownAsync(string runId, TimeSpan grace, string reason)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30), services.Clock);
        if (await new MeshInventory(services.Engine).FindAsync(runId, limit.Token) is { } run)
        {
            SayCollected(run, await new MeshTeardown(services.Engine, services.Clock).StopAsync(run, grace, reason));
        }
    }

    private void SayCollected(RunInventory run, CollectedRecords collected)
    {
        if (run.OnSwarm)
        {
            services.Say.Info($"swarm: {collected.Describe()} brought into {run.ResultsDirectory}");
        }
    }

    private TestPlan Plan(RunArguments arguments)
    {
        var settings = services.Settings;
        if (arguments.Peers < 1 || arguments.Peers > settings.MaxPeers)
        {
            throw new UsageException($"peer count {arguments.Peers} is out of range: give 1 to {settings.MaxPeers} (CMESH_MAX_PEERS; one Docker bridge holds about 1000 containers)");
        }

        var defaults = settings.Plan;
        var degree = arguments.Degree ?? defaults.Degree;
        if (degree < 1)
        {
            throw new UsageException($"--degree {degree}: a peer needs at least one link");
        }

        var writeInterval = arguments.WriteInterval ?? TimeSpan.FromMilliseconds(defaults.WriteIntervalMs);
        if (writeInterval > TimeSpan.FromMilliseconds(TestPlan.MaxWriteIntervalMs) || writeInterval < TimeSpan.FromMilliseconds(TestPlan.MinWriteIntervalMs))
        {
            throw new UsageException($"--write-interval {writeInterval.TotalMilliseconds} ms: peers write at least once a minute, at most once a millisecond");
        }

        if (arguments.Duration is { } length && length < writeInterval)
        {
            throw new UsageException($"a workload of {length.TotalSeconds} s is shorter than the write interval ({writeInterval.TotalSeconds} s): some peers would write nothing");
        }

        var payload = arguments.PayloadBytes ?? defaults.PayloadBytes;
        if (payload is < 0 or > 65536)
        {
            throw new UsageException($"--payload {payload}: give 0 to 65536 bytes");
        }

        var settle = arguments.Settle ?? TimeSpan.FromSeconds(defaults.SettleSeconds);
        if (settle < TimeSpan.Zero || settle > TimeSpan.FromSeconds(TestPlan.MaxSettleSeconds) || settle.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            throw new UsageException($"--settle {settle.TotalSeconds} s: give whole seconds from 0s to {TestPlan.MaxSettleSeconds}s");
        }

        return defaults with
        {
            Peers = arguments.Peers,
            WriteIntervalMs = (int)writeInterval.TotalMilliseconds,
            PayloadBytes = payload,
            Degree = degree,
            MaxDegree = Math.Max(defaults.MaxDegree, degree),
            DurationSeconds = arguments.Duration is { } duration ? (int)Math.Ceiling(duration.TotalSeconds) : null,
            Sync = arguments.Sync ?? defaults.Sync,
            SettleSeconds = (int)settle.TotalSeconds,
            Gossip = arguments.Gossip ?? defaults.Gossip,
            WorkloadSeed = arguments.Seed,
        };
    }
}
