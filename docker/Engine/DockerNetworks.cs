using Docker.DotNet.Models;

namespace CMesh.Docker.Engine;

internal sealed class DockerNetworks(EngineConnection engine) : IDockerNetworks
{
    public async Task<string> CreateAsync(NetworkSpec spec, CancellationToken ct)
    {
        var parameters = new NetworksCreateParameters
        {
            Name = spec.Name,
            Driver = spec.Driver,
            Internal = spec.Internal,
            Attachable = spec.Attachable,
            Labels = spec.Labels.ToDictionary(),
        };
        return (await engine.CallAsync(d => d.Networks.CreateNetworkAsync(parameters, ct), ct)).ID;
    }

    public Task ConnectAsync(string network, string container, IReadOnlyList<string> aliases, CancellationToken ct) =>
        engine.CallAsync(
            d => d.Networks.ConnectNetworkAsync(
                network, new NetworkConnectParameters { Container = container, EndpointConfig = new EndpointSettings { Aliases = aliases.ToList() } }, ct),
            ct);

    public async Task<NetworkInfo?> InspectAsync(string idOrName, CancellationToken ct) =>
        await engine.FindAsync(d => d.Networks.InspectNetworkAsync(idOrName, ct), ct) is { } n ? ToInfo(n) : null;

    public async Task<IReadOnlyList<NetworkInfo>> ListAsync(IReadOnlyDictionary<string, string> labels, CancellationToken ct)
    {
        var networks = await engine.CallAsync(d => d.Networks.ListNetworksAsync(new NetworksListParameters { Filters = LabelFilter.Of(labels) }, ct), ct);
        return networks.Select(ToInfo).ToList();
    }

    public async Task RemoveAsync(string idOrName, CancellationToken ct)
    {
        try
        {
            await engine.CallAsync(d => d.Networks.DeleteNetworkAsync(idOrName, ct), ct);
        }
        catch (DockerEngineException e) when (e.StatusCode == 404)
        {
            // Already gone: that is what the caller wanted.
        }
    }

    private static NetworkInfo ToInfo(NetworkResponse n) => new(
        n.ID,
        n.Name,
        n.Driver ?? "",
        n.Internal,
        (n.IPAM?.Config ?? []).Select(c => c.Subnet).Where(s => !string.IsNullOrEmpty(s)).ToList(),
        EngineLabels.Of(n.Labels),
        (n.Containers ?? new Dictionary<string, EndpointResource>()).Keys.ToList());
}
