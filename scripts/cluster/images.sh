#!/usr/bin/env bash
# Build the test images of the real node as docker-archive tarballs (no image can be pulled
# here: the machine reaches only Debian's and npm's registries). Sourced by node.sh; the
# tarballs are cached in $IMAGE_DIR, keyed by what they are built from, and imported into
# containerd at every bring-up (a second).
#
#   marathon2k8s.local/pause:3.4.1      the pod sandbox: pause.c of the Kubernetes source tree,
#                                       compiled static at provisioning (BIN_DIR/pause)
#   marathon2k8s.local/busybox:1.35     Debian's busybox-static with every applet linked (sh,
#                                       httpd, nc, wget…); also tagged busybox:1.36, the tool's
#                                       default --default-image and --fetch-image, so cmd-only
#                                       apps and fetch init containers run unchanged
#   marathon2k8s.local/entrypoint:1.0   the same files plus an ENTRYPOINT script, WorkingDir /app
#                                       and USER 4242: what Marathon did with cmd vs args, the
#                                       image's working directory and the image's user is
#                                       observable (the script writes /www/entrypoint.txt)
#   marathon2k8s.local/tls:1.0          busybox plus Debian's openssl (binary and its libraries)
#                                       and a self-signed certificate in /etc/tls: `openssl
#                                       s_server -WWW` is an HTTPS server for HTTPS health checks

# The images the tool refers to by default (src/options.ts: defaultImage, fetchImage).
TOOL_DEFAULT_IMAGES=(busybox:1.36)

# write_docker_archive OUT ROOTFS CONFIG_JSON_TEMPLATE TAG...: one-layer docker-archive. The
# template holds @DIFF_ID@ where the layer's digest goes. The layer tar is reproducible.
write_docker_archive() {
  local out="$1" rootfs="$2" template="$3"
  shift 3
  local work diff config_digest tags
  work="$(mktemp -d)"
  # Ownership is kept (the entrypoint image's /app belongs to its USER); the files are root's.
  tar --sort=name --mtime=@0 --numeric-owner -C "$rootfs" -cf "$work/layer.tar" .
  diff="$(sha256sum "$work/layer.tar" | cut -d' ' -f1)"
  printf '%s' "${template//@DIFF_ID@/sha256:$diff}" >"$work/config.json"
  config_digest="$(sha256sum "$work/config.json" | cut -d' ' -f1)"
  mv "$work/config.json" "$work/$config_digest.json"
  mkdir -p "$work/$diff"
  mv "$work/layer.tar" "$work/$diff/layer.tar"
  tags="$(printf '"%s",' "$@")"
  printf '[{"Config":"%s.json","RepoTags":[%s],"Layers":["%s/layer.tar"]}]' \
    "$config_digest" "${tags%,}" "$diff" >"$work/manifest.json"
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$work" -cf "$out.tmp" .
  mv "$out.tmp" "$out"
  rm -rf "$work"
}

image_config() { # ENTRYPOINT_JSON CMD_JSON WORKDIR USER
  printf '{"architecture":"amd64","os":"linux","config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],"Entrypoint":%s,"Cmd":%s,"WorkingDir":"%s","User":"%s"},"rootfs":{"type":"layers","diff_ids":["@DIFF_ID@"]}}' \
    "$1" "$2" "$3" "$4"
}

# busybox_rootfs DIR: busybox-static and a link per applet, /tmp, /etc/passwd and group.
busybox_rootfs() {
  local root="$1" applet
  mkdir -p "$root/bin" "$root/sbin" "$root/usr/bin" "$root/usr/sbin" "$root/tmp" "$root/etc" "$root/www" "$root/root"
  chmod 1777 "$root/tmp"
  cp /bin/busybox "$root/bin/busybox"
  for applet in $(/bin/busybox --list-full); do
    [ -e "$root/$applet" ] || ln -s /bin/busybox "$root/$applet"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\napp:x:4242:4242:app:/app:/bin/sh\n' >"$root/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\napp:x:4242:\n' >"$root/etc/group"
}

# build_images IMAGE_DIR PAUSE_BINARY: the three tarballs, unless cached for these inputs.
build_images() {
  # The images' files must be readable by any user (the caller may run under umask 077).
  umask 022
  local dir="$1" pause="$2" key work
  key="$( (sha256sum /bin/busybox /usr/bin/openssl "$pause" "${BASH_SOURCE[0]}" | cut -d' ' -f1) | sha256sum | cut -c1-12)"
  if [ -f "$dir/$key/done" ]; then echo "$dir/$key"; return 0; fi
  rm -rf "${dir:?}/$key"
  mkdir -p "$dir/$key"
  work="$(mktemp -d)"

  mkdir -p "$work/pause"
  cp "$pause" "$work/pause/pause"
  write_docker_archive "$dir/$key/pause.tar" "$work/pause" \
    "$(image_config '["/pause"]' 'null' '/' '')" marathon2k8s.local/pause:3.4.1

  busybox_rootfs "$work/busybox"
  write_docker_archive "$dir/$key/busybox.tar" "$work/busybox" \
    "$(image_config 'null' '["sh"]' '/' '')" marathon2k8s.local/busybox:1.35 "${TOOL_DEFAULT_IMAGES[@]}"

  busybox_rootfs "$work/entrypoint"
  mkdir -p "$work/entrypoint/usr/local/bin" "$work/entrypoint/app"
  chown 4242:4242 "$work/entrypoint/app" "$work/entrypoint/www"
  cat >"$work/entrypoint/usr/local/bin/entrypoint.sh" <<'EOF'
#!/bin/sh
# The image's ENTRYPOINT: records that it ran, with which arguments, as which user and where,
# then runs its arguments (docker semantics: CMD or the task's args are passed here).
{ echo "args=$*"; echo "uid=$(id -u)"; echo "pwd=$(pwd)"; } >/www/entrypoint.txt
exec "$@"
EOF
  chmod 755 "$work/entrypoint/usr/local/bin/entrypoint.sh"
  write_docker_archive "$dir/$key/entrypoint.tar" "$work/entrypoint" \
    "$(image_config '["/usr/local/bin/entrypoint.sh"]' '["httpd","-f","-p","8080","-h","/www"]' '/app' '4242')" \
    marathon2k8s.local/entrypoint:1.0

  busybox_rootfs "$work/tls"
  local lib
  mkdir -p "$work/tls/usr/bin" "$work/tls/etc/tls"
  rm -f "$work/tls/usr/bin/openssl"
  cp /usr/bin/openssl "$work/tls/usr/bin/openssl"
  for lib in $(ldd /usr/bin/openssl | grep -oE '/[^ ]+'); do
    mkdir -p "$work/tls$(dirname "$lib")"
    cp -L "$lib" "$work/tls$lib"
  done
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj /CN=localhost \
    -keyout "$work/tls/etc/tls/key.pem" -out "$work/tls/etc/tls/cert.pem" 2>/dev/null
  chmod 644 "$work/tls/etc/tls/key.pem"
  write_docker_archive "$dir/$key/tls.tar" "$work/tls" \
    "$(image_config 'null' '["sh"]' '/' '')" marathon2k8s.local/tls:1.0

  rm -rf "$work"
  touch "$dir/$key/done"
  echo "$dir/$key"
}
