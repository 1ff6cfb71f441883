using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using CMesh.Docker.Engine;
using CMesh.Docker.Swarm;
using Xunit.Abstractions;

namespace CMesh.EndToEnd.Tests;

/// <summary>
/// The foundation of the Swarm runner on a real 3-node swarm (<see cref="SwarmNodes"/>): `cmesh nodes`, images copied
/// to every node without a registry, and a service spread one task per node whose tasks reach each other over an
/// attachable overlay network. Nothing here carries cmesh.managed, so a `cmesh clean` elsewhere leaves it alone;
/// every name starts with cmesh-swarm-.
/// </summary>
[Collection(SwarmCollection.Name)]
public sealed class SwarmTests(SwarmNodes swarm, ITestOutputHelper output)
{
    private static readonly IReadOnlyDictionary<string, string> TestLabels = new Dictionary<string, string> { ["cmesh-swarm.test"] = "e2e" };

    [SkippableFact]
    public async Task The_three_nodes_are_listed_by_cmesh_nodes_with_the_engine_label_on_the_workers()
    {
        swarm.Require();
        output.WriteLine($"swarm-nodes.sh up {SwarmNodes.Count}: {swarm.UpTook.TotalSeconds:F1} s\n{swarm.Up!.StdErr}");

        var result = await Shell.CmeshAsync("nodes");

        output.WriteLine(result.StdOut);
        Assert.True(result.ExitCode == 0, result.ToString());
        var rows = result.StdOut.Split('\n').Where(l => l.Contains("10.213.0.", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, rows.Count);
        Assert.Matches(@"\*.*manager \(leader\).*ready / active.*10\.213\.0\.1 .*local", rows[0]);
        Assert.Matches(@"cmesh-n2 .*worker.*ready / active.*10\.213\.0\.12 .*unix:///run/docker-cmesh-n2\.sock", rows[1]);
        Assert.Matches(@"cmesh-n3 .*worker.*ready / active.*10\.213\.0\.13 .*unix:///run/docker-cmesh-n3\.sock", rows[2]);

        // The manager holds the CMesh images, so what it has free was read on it: idle cores within its cores, and
        // available memory near what this machine's /proc/meminfo says (the same machine), both read a moment apart.
        var free = Regex.Match(rows[0], @"10\.213\.0\.1 \D+(?<cores>\d+)\D+(?<idle>\d+\.\d)\D+(?<total>\d+\.\d) GiB\D+(?<available>\d+\.\d) GiB");
        Assert.True(free.Success, rows[0]);
        Assert.InRange(double.Parse(free.Groups["idle"].Value, CultureInfo.InvariantCulture), 0, int.Parse(free.Groups["cores"].Value, CultureInfo.InvariantCulture));
        var availableKib = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemAvailable:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        var availableGiB = long.Parse(availableKib, CultureInfo.InvariantCulture) / (1024.0 * 1024);
        Assert.InRange(double.Parse(free.Groups["available"].Value, CultureInfo.InvariantCulture), availableGiB - 1.5, availableGiB + 1.5);
    }

    [SkippableFact]
    public async Task An_image_copied_to_every_node_is_inspectable_on_each_nodes_own_engine_and_not_sent_twice()
    {
        swarm.Require();
        var ct = CancellationToken.None;
        var image = await BaseImageAsync();
        var nodes = await swarm.NodeEnginesAsync(ct);
        var workers = nodes.Where(n => n.Node.Role == "worker").Select(n => new ImageCopyTarget(n.Node.Hostname, n.Engine)).ToList();
        Assert.Equal(2, workers.Count);
        foreach (var worker in workers)
        {
            await RemoveImageAsync(worker.Engine, image);
        }

        var copied = await new ImageCopier(swarm.Manager).CopyAsync([image], workers, null, ct);
        var again = await new ImageCopier(swarm.Manager).CopyAsync([image], workers, null, ct);

        foreach (var node in copied)
        {
            output.WriteLine($"{image} to {node.Node}: {node.Bytes / 1e6:F0} MB in {node.Elapsed.TotalSeconds:F1} s");
        }
        var id = (await swarm.Manager.Images.InspectAsync(image, ct))!.Id;
        foreach (var (node, engine) in nodes)
        {
            Assert.Equal(id, (await engine.Images.InspectAsync(image, ct))?.Id);
        }
        Assert.All(copied, node => Assert.Equal([image], node.Copied));
        Assert.All(again, node => Assert.Equal([image], node.Skipped));
        Assert.All(again, node => Assert.Equal(0, node.Bytes));
    }

    [SkippableFact]
    public async Task A_three_replica_service_puts_one_task_on_each_node_and_its_tasks_reach_each_other_over_an_attachable_overlay()
    {
        swarm.Require();
        var ct = CancellationToken.None;
        var image = await BaseImageAsync();
        var nodes = await swarm.NodeEnginesAsync(ct);
        await new ImageCopier(swarm.Manager).CopyAsync(
            [image], nodes.Where(n => n.Node.Role == "worker").Select(n => new ImageCopyTarget(n.Node.Hostname, n.Engine)).ToList(), null, ct);
        const string network = "cmesh-swarm-e2e-overlay";
        const string name = "cmesh-swarm-e2e-ping";
        await swarm.Manager.Swarm.RemoveServiceAsync(name, ct);
        await RemoveNetworkAsync(network);
        await swarm.Manager.Networks.CreateAsync(NetworkSpec.Overlay(network, TestLabels, @internal: true), ct);
        try
        {
            var started = Stopwatch.StartNew();
            var service = await swarm.Manager.Swarm.CreateServiceAsync(new ServiceSpec
            {
                Name = name,
                Image = image,
                Command = ["sleep", "infinity"],
                Labels = TestLabels,
                Networks = [new NetworkAttachment(network, ["pinger"])],
                Replicas = SwarmNodes.Count,
                SpreadOver = ["node.id"],
                MaxReplicasPerNode = 1,
                Restart = ServiceRestartPolicy.None,
                CapAdd = ["NET_ADMIN"],
            }, login: null, ct);

            var tasks = await Eventually.ResultAsync(
                () => swarm.Manager.Swarm.ListTasksAsync([service], ct),
                t => t.Count(task => task.State == "running") == SwarmNodes.Count,
                TimeSpan.FromSeconds(90),
                t => $"the service's tasks did not all run: {string.Join("; ", t.Select(task => $"{task.NodeId} {task.State} {task.Error}"))}",
                every: TimeSpan.FromSeconds(1));
            output.WriteLine($"{SwarmNodes.Count} tasks running {started.Elapsed.TotalSeconds:F1} s after the service was created");

            var running = tasks.Where(t => t.State == "running").ToList();
            Assert.Equal(nodes.Select(n => n.Node.Id).Order(), running.Select(t => t.NodeId).Order());
            // Each task pings the next one's overlay address, from its own node's engine.
            for (var i = 0; i < running.Count; i++)
            {
                var from = running[i];
                var to = running[(i + 1) % running.Count];
                var address = to.Addresses[network].Split('/')[0];
                var engine = nodes.Single(n => n.Node.Id == from.NodeId).Engine;
                var ping = await engine.Containers.ExecAsync(from.ContainerId, ["ping", "-c", "3", "-W", "2", address], ct);
                output.WriteLine($"{Host(nodes, from)} -> {Host(nodes, to)} ({address}): exit {ping.ExitCode}\n{ping.StdOut.Trim().Split('\n')[^1]}");
                Assert.True(ping.ExitCode == 0, $"{Host(nodes, from)} could not ping {Host(nodes, to)} at {address}: {ping.StdOut}{ping.StdErr}");
                Assert.True(await HasNetAdminAsync(engine, from.ContainerId), $"the task on {Host(nodes, from)} lacks the NET_ADMIN capability its service added");
            }
        }
        finally
        {
            await swarm.Manager.Swarm.RemoveServiceAsync(name, ct);
            await RemoveNetworkAsync(network);
        }
    }

    // CAP_NET_ADMIN is bit 12 of the effective set.
    private static async Task<bool> HasNetAdminAsync(IDockerEngine engine, string container)
    {
        var status = await engine.Containers.ExecAsync(container, ["grep", "CapEff", "/proc/self/status"], CancellationToken.None);
        return (long.Parse(status.StdOut.Split(':')[1].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture) & (1L << 12)) != 0;
    }

    private static string Host(IReadOnlyList<(SwarmNode Node, IDockerEngine Engine)> nodes, SwarmTask task) =>
        nodes.Single(n => n.Node.Id == task.NodeId).Node.Hostname;

    // The newest base image on the host's engine: it has ping and sleep (docker/Images builds it when a run needs it).
    private static async Task<string> BaseImageAsync()
    {
        var images = (await Shell.DockerAsync("images", "cmesh-base", "--format", "{{.Repository}}:{{.Tag}}"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Skip.If(images.Length == 0, "no cmesh-base image on this engine: `./cmesh images build` makes one");
        return images[0];
    }

    private static async Task RemoveImageAsync(IDockerEngine engine, string image)
    {
        if (await engine.Images.InspectAsync(image, CancellationToken.None) is not null)
        {
            await engine.Images.RemoveAsync(image, force: true, CancellationToken.None);
        }
    }

    // A network is removable once the service's tasks have left it, on every node: that takes a few seconds.
    private async Task RemoveNetworkAsync(string network)
    {
        await Eventually.ResultAsync(
            async () =>
            {
                try
                {
                    await swarm.Manager.Networks.RemoveAsync(network, CancellationToken.None);
                    return true;
                }
                catch (DockerEngineException)
                {
                    return false;
                }
            },
            removed => removed,
            TimeSpan.FromSeconds(60),
            _ => $"network {network} could not be removed",
            every: TimeSpan.FromSeconds(1));
    }
}
