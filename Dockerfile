# agoras in a container: node:20-slim, the packed package installed globally, run as an unprivileged
# user, with one writable path (/data) so the root filesystem can be read-only:
#   docker build -t agoras . && docker run --rm --read-only -v agoras-data:/data \
#     -e AGORAS_STORE -e AGORAS_STORE_KEY agoras publish --network tiktok --action …
FROM node:20-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm pack --silent --pack-destination /tmp

FROM node:20-slim
RUN --mount=type=bind,from=build,source=/tmp,target=/pkg \
    npm install -g --no-audit --no-fund /pkg/agoras-tiktok-*.tgz && npm cache clean --force
COPY scripts/container-entry.sh /usr/local/bin/agoras-entry
ENV AGORAS_DATA=/data NODE_ENV=production
RUN mkdir -m 700 /data && chown node:node /data
USER node
VOLUME /data
ENTRYPOINT ["/usr/local/bin/agoras-entry"]
CMD ["--help"]
