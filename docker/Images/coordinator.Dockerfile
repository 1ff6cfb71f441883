# The coordinator: the Native AOT publish of coordinator/ on the base image, one native executable (its collector's
# settings are built in: coordinator/CMesh.Coordinator.csproj). The stage is named after its publish mode
# (docker/Images/PublishMode.cs), which the image builder asks for.
ARG BASE_IMAGE
FROM ${BASE_IMAGE} AS aot
COPY app/ /opt/cmesh/coordinator/
ENV DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0
WORKDIR /opt/cmesh/coordinator
ENTRYPOINT ["/opt/cmesh/coordinator/CMesh.Coordinator"]
