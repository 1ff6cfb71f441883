using System.Net;

namespace CMesh.Docker.Engine;

internal sealed class DockerNetworksApi(DockerTransport transport) : IDockerNetworks
{
    public async Task<string> CreateAsync(NetworkSpec spec, CancellationToken ct)
    {
        var body = new NetworkCreateDto(spec.Name, spec.Driver, spec.Internal, spec.Labels, CheckDuplicate: true, Attachable: false);
        return (await transport.SendJsonAsync<IdDto>(HttpMethod.Post, "/networks/create", body, ct)).Id;
    }

    public async Task ConnectAsync(string network, string container, IReadOnlyList<string> aliases, CancellationToken ct)
    {
        using var _ = await transport.SendAsync(
            HttpMethod.Post,
            $"/networks/{ApiPath.Segment(network)}/connect",
            DockerTransport.JsonBody(new NetworkConnectDto(container, new EndpointConfigDto(aliases))),
            HttpCompletionOption.ResponseContentRead,
            ct);
    }

    public async Task<NetworkInfo?> InspectAsync(string idOrName, CancellationToken ct) =>
        await transport.GetJsonOrNullAsync<NetworkDto>($"/networks/{ApiPath.Segment(idOrName)}", ct) is { } n ? ToInfo(n) : null;

    public async Task<IReadOnlyList<NetworkInfo>> ListAsync(IReadOnlyDictionary<string, string> labels, CancellationToken ct)
    {
        var networks = await transport.GetJsonAsync<List<NetworkDto>>(
            ApiPath.Of("/networks", ("filters", ApiPath.LabelFilter(labels))), ct);
        return networks.Select(ToInfo).ToList();
    }

    public Task RemoveAsync(string idOrName, CancellationToken ct) =>
        transport.SendAsync(HttpMethod.Delete, $"/networks/{ApiPath.Segment(idOrName)}", ct, HttpStatusCode.NotFound);

    private static NetworkInfo ToInfo(NetworkDto n) => new(
        n.Id,
        n.Name,
        n.Driver ?? "",
        n.Internal,
        (n.Ipam?.Config ?? []).Select(c => c.Subnet).OfType<string>().ToList(),
        n.Labels ?? [],
        (n.Containers ?? []).Keys.ToList());
}
