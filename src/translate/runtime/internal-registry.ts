/**
 * Images pulled from a registry that only DC/OS could name. A private registry ran as a Marathon
 * app (the DC/OS `registry` package, a plain `registry:2` app) was addressed through Mesos-DNS
 * or the DC/OS layer-4 load balancer: `registry.marathon.l4lb.thisdcos.directory:5000/team/app`,
 * `registry.marathon.mesos:5000/app`. The agents' Docker daemons resolved those names through
 * the cluster's DNS; a kubelet (and its container runtime) resolves names with the node's own
 * resolver, which knows neither `*.mesos` nor `*.thisdcos.directory`, so the pull fails.
 */

/** DNS zones only Mesos-DNS and DC/OS' own resolvers (dcos-net, Spartan) answered. */
const DCOS_ZONES = /(^|\.)(mesos|thisdcos\.directory)$/i;

/**
 * The registry host of an image reference when it lies in a DC/OS-internal zone, else
 * undefined. The first path component names a registry only when it looks like a host (it has
 * a dot or a port, or is `localhost`), as Docker reads references; otherwise the image is on
 * Docker Hub.
 */
export function internalRegistryHost(image: string): string | undefined {
  const slash = image.indexOf('/');
  if (slash <= 0) return undefined;
  const first = image.slice(0, slash);
  if (!/[.:]/.test(first) && first !== 'localhost') return undefined;
  const host = first.replace(/:\d*$/, '');
  return DCOS_ZONES.test(host) ? first : undefined;
}
