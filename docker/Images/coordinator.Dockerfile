# The coordinator: the self-contained ReadyToRun publish of coordinator/ on the base image. The stage is named after
# its publish mode (docker/Images/PublishMode.cs), which the image builder asks for.
ARG BASE_IMAGE
FROM ${BASE_IMAGE} AS r2r
COPY app/ /opt/cmesh/coordinator/
ENV DOTNET_GCgen0size=0x400000 \
    DOTNET_EnableWriteXorExecute=0 \
    DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0
WORKDIR /opt/cmesh/coordinator
ENTRYPOINT ["/opt/cmesh/coordinator/CMesh.Coordinator"]
