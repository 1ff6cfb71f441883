# The coordinator: the self-contained publish of coordinator/ on the base image.
ARG BASE_IMAGE
FROM ${BASE_IMAGE}
COPY app/ /opt/cmesh/coordinator/
ENV DOTNET_GCgen0size=0x400000 \
    DOTNET_EnableWriteXorExecute=0 \
    DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0
WORKDIR /opt/cmesh/coordinator
ENTRYPOINT ["/opt/cmesh/coordinator/CMesh.Coordinator"]
