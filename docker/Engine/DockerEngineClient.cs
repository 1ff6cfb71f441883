namespace CMesh.Docker.Engine;

/// <summary>The Docker Engine API over HTTP, on a unix socket or TCP.</summary>
public sealed class DockerEngineClient : IDockerEngine, IDisposable
{
    private readonly HttpClient http;

    public DockerEngineClient(DockerEndpoint endpoint)
        : this(endpoint.CreateHttpClient(), endpoint.Display)
    {
    }

    /// <summary>For tests: requests go to <paramref name="handler"/>; <paramref name="endpoint"/> names it in errors.</summary>
    internal DockerEngineClient(HttpMessageHandler handler, string endpoint)
        : this(new HttpClient(handler) { BaseAddress = new Uri("http://docker/"), Timeout = Timeout.InfiniteTimeSpan }, endpoint)
    {
    }

    private DockerEngineClient(HttpClient http, string endpoint)
    {
        this.http = http;
        var transport = new DockerTransport(http, endpoint);
        var networks = new DockerNetworksApi(transport);
        System = new DockerSystemApi(transport);
        Images = new DockerImagesApi(transport);
        Containers = new DockerContainersApi(transport, networks);
        Networks = networks;
    }

    public IDockerSystem System { get; }

    public IDockerImages Images { get; }

    public IDockerContainers Containers { get; }

    public IDockerNetworks Networks { get; }

    public void Dispose() => http.Dispose();
}
