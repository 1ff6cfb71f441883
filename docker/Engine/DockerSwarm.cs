using Docker.DotNet.Models;

namespace CMesh.Docker.Engine;

internal sealed class DockerSwarm(EngineConnection engine) : IDockerSwarm
{
    public async Task<SwarmMembership> MembershipAsync(CancellationToken ct) =>
        SwarmMapper.ToMembership((await engine.CallAsync(d => d.System.GetSystemInfoAsync(ct), ct)).Swarm);

    public async Task<IReadOnlyList<SwarmNode>> NodesAsync(CancellationToken ct) =>
        (await engine.CallAsync(d => d.Swarm.ListNodesAsync(ct), ct)).Select(SwarmMapper.ToNode).ToList();

    public async Task<string> CreateServiceAsync(ServiceSpec spec, RegistryLogin? login, CancellationToken ct)
    {
        var parameters = ServiceCreateMapper.ToParameters(spec);
        if (DockerImages.AuthOf(login) is { } auth)
        {
            parameters.RegistryAuth = auth;
        }
        return (await engine.CallAsync(d => d.Swarm.CreateServiceAsync(parameters, ct), ct)).ID ?? "";
    }

    public async Task<IReadOnlyList<ServiceInfo>> ListServicesAsync(IReadOnlyDictionary<string, string> labels, CancellationToken ct)
    {
        var services = await engine.CallAsync(d => d.Swarm.ListServicesAsync(new ServiceListParameters { Filters = LabelFilter.Of(labels) }, ct), ct);
        return services.Select(SwarmMapper.ToService).ToList();
    }

    public async Task RemoveServiceAsync(string idOrName, CancellationToken ct)
    {
        try
        {
            await engine.CallAsync(d => d.Swarm.RemoveServiceAsync(idOrName, ct), ct);
        }
        catch (DockerEngineException e) when (e.StatusCode == 404)
        {
            // Already gone: that is what the caller wanted.
        }
    }

    public async Task ForceUpdateServiceAsync(string idOrName, CancellationToken ct)
    {
        var service = await engine.CallAsync(d => d.Swarm.InspectServiceAsync(idOrName, ct), ct);
        var spec = service.Spec ?? throw new InvalidOperationException($"service {idOrName} came without its spec");
        spec.TaskTemplate ??= new TaskSpec();
        spec.TaskTemplate.ForceUpdate++;
        var parameters = new ServiceUpdateParameters { Service = spec, Version = (long)(service.Version?.Index ?? 0) };
        await engine.CallAsync(d => d.Swarm.UpdateServiceAsync(service.ID, parameters, ct), ct);
    }

    public async Task<IReadOnlyList<SwarmTask>> ListTasksAsync(IReadOnlyList<string> services, CancellationToken ct)
    {
        var parameters = new TasksListParameters
        {
            Filters = services.Count == 0
                ? null!
                : new Dictionary<string, IDictionary<string, bool>> { ["service"] = services.Distinct().ToDictionary(s => s, _ => true) },
        };
        return (await engine.CallAsync(d => d.Tasks.ListAsync(parameters, ct), ct)).Select(SwarmMapper.ToTask).ToList();
    }

    public async Task<string> CreateSecretAsync(string name, IReadOnlyDictionary<string, string> labels, byte[] data, CancellationToken ct)
    {
        var spec = new SwarmSecretSpec { Name = name, Labels = labels.ToDictionary(), Data = data };
        return (await engine.CallAsync(d => d.Secrets.CreateAsync(spec, ct), ct)).ID ?? "";
    }

    public async Task<IReadOnlyList<SecretInfo>> ListSecretsAsync(IReadOnlyDictionary<string, string> labels, CancellationToken ct)
    {
        // The client's secret list takes no filter: the labels are matched here.
        var secrets = await engine.CallAsync(d => d.Secrets.ListAsync(ct), ct);
        return secrets
            .Select(s => new SecretInfo(s.ID ?? "", s.Spec?.Name ?? "", EngineLabels.Of(s.Spec?.Labels)))
            .Where(s => labels.All(l => s.Labels.GetValueOrDefault(l.Key) == l.Value))
            .ToList();
    }

    public async Task RemoveSecretAsync(string idOrName, CancellationToken ct)
    {
        try
        {
            await engine.CallAsync(d => d.Secrets.DeleteAsync(idOrName, ct), ct);
        }
        catch (DockerEngineException e) when (e.StatusCode == 404)
        {
            // Already gone: that is what the caller wanted.
        }
    }
}
