package faasrl.knative;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import faasrl.cluster.AbstractCluster;
import faasrl.cluster.FunctionMetrics;
import faasrl.cluster.Load;
import faasrl.cluster.Node;
import faasrl.cluster.NodeMetrics;
import faasrl.cluster.ScalingConfig;
import faasrl.cluster.StepResult;
import faasrl.function.Catalog;
import faasrl.function.FunctionSpec;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.ContainerMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The {@code knative} backend: a real vHive/Knative cluster driven through its Kubernetes API with
 * fabric8. Functions are Knative Services from {@link OnlineShop}'s templates; CPU limits are
 * requests = limits on the function container (a new revision), replicas are min-scale = max-scale,
 * and every change waits until the service is Ready on its new generation. Node metrics come from
 * each worker's Prometheus ({@link PrometheusNodeMetrics}, window = step length), pod CPU from the
 * metrics API (metrics-server). Requests go through faasrl's open-loop gRPC invoker
 * ({@link GrpcInvocation}) to the Knative ingress.
 *
 * <pre>{@code
 * try (Cluster c = Clusters.knative(Path.of("faasrl-cluster/kubeconfig")).start()) {
 *   c.deploy(Catalog.onlineShop().get("adservice"), ScalingConfig.defaults().cpuMillicores(500));
 *   c.scale("adservice", c.config("adservice").replicas(3));
 *   StepResult r = c.run(Load.of("adservice", LoadPattern.poisson(200)).seconds(10));
 * }
 * }</pre>
 */
public final class KnativeCluster extends AbstractCluster<KnativeCluster> {
  static final ResourceDefinitionContext KSVC = new ResourceDefinitionContext.Builder()
      .withGroup("serving.knative.dev").withVersion("v1").withPlural("services").withKind("Service")
      .withNamespaced(true).build();
  static final String SERVICE_LABEL = "serving.knative.dev/service";
  static final String REVISION_LABEL = "serving.knative.dev/revision";

  private final KubernetesClient client;
  private final String namespace;
  private final String apiServer;
  private final Duration readyTimeout;
  private final KubernetesSerialization json;
  private final Invocation invocation;
  private final String ingressHost;
  private final int ingressPort;
  private final List<Node> workers;
  private final List<PrometheusNodeMetrics> prometheus;
  private final long started = System.nanoTime();
  private final KnativeServices services;

  private KnativeCluster(Builder b, KubernetesClient client, List<Node> workers, List<PrometheusNodeMetrics> prom) {
    this.client = client;
    this.namespace = b.namespace;
    this.apiServer = client.getConfiguration().getMasterUrl();
    this.readyTimeout = b.readyTimeout;
    this.json = client.getKubernetesSerialization();
    this.invocation = b.invocation;
    this.ingressHost = b.ingressHost;
    this.ingressPort = b.ingressPort;
    this.workers = List.copyOf(workers);
    this.prometheus = List.copyOf(prom);
    this.services = b.services;
  }

  /** A builder for the cluster that {@code kubeconfig} points at (its current context). */
  public static Builder builder(Path kubeconfig) {
    return new Builder(kubeconfig);
  }

  @Override public String backend() {
    return "knative";
  }

  @Override public List<Node> nodes() {
    return workers;
  }

  private NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList,
      Resource<GenericKubernetesResource>> services() {
    return client.genericKubernetesResources(KSVC).inNamespace(namespace);
  }

  private String what(String fn) {
    return "Knative service '" + fn + "' in namespace " + namespace;
  }

  /** Only functions with a Knative template can be deployed; builds it to check the configuration too. */
  @Override protected void check(FunctionSpec spec, ScalingConfig config) {
    services.service(spec, namespace, config);
  }

  /**
   * Creates the service (or replaces one faasrl made) and waits until it is Ready; if it does not
   * become Ready, a new service is removed again and a replaced one gets its previous configuration.
   */
  @Override protected void start(FunctionSpec spec, ScalingConfig config, Deployed previous) {
    String fn = spec.name();
    GenericKubernetesResource desired = services.service(spec, namespace, config);
    boolean created = false;
    try {
      services().resource(desired).create();
      created = true;
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw ApiErrors.explain(e, "create " + what(fn), apiServer);
      }
      replaceOurs(spec, config);
    }
    try {
      awaitReady(fn);
    } catch (IllegalStateException e) {
      if (created) { // leave the cluster as it was: without the service that never served
        services().withName(fn).delete();
        throw new IllegalStateException(e.getMessage() + "; the service was removed again", e);
      }
      throw revert(spec, previous == null ? null : previous.config(), e);
    }
  }

  /**
   * Puts the previous configuration back after a change that did not become Ready; Knative keeps
   * serving the last ready revision meanwhile.
   */
  private IllegalStateException revert(FunctionSpec spec, ScalingConfig previous, IllegalStateException failure) {
    String fn = spec.name();
    if (previous == null) {
      return failure;
    }
    try {
      services().withName(fn).edit(r -> withTemplate(r, spec, previous));
      return new IllegalStateException(failure.getMessage() + "; reverted to " + previous, failure);
    } catch (KubernetesClientException e) {
      return new IllegalStateException(failure.getMessage() + "; reverting to " + previous + " failed too: "
          + ApiErrors.explain(e, "revert " + what(fn), apiServer).getMessage(), failure);
    }
  }

  /** Replaces the spec of an existing service, refusing one that faasrl did not create. */
  private void replaceOurs(FunctionSpec spec, ScalingConfig config) {
    String fn = spec.name();
    try {
      GenericKubernetesResource existing = services().withName(fn).get();
      Map<String, String> labels = existing == null ? null : existing.getMetadata().getLabels();
      if (existing != null && (labels == null || !"faasrl".equals(labels.get(OnlineShop.MANAGED_BY)))) {
        throw new IllegalStateException(what(fn) + " already exists and was not made by faasrl (409 Conflict); "
            + "remove it or use another namespace");
      }
      services().withName(fn).edit(r -> withTemplate(r, spec, config));
    } catch (KubernetesClientException e) {
      throw ApiErrors.explain(e, "replace " + what(fn), apiServer);
    }
  }

  /**
   * Changes CPU, memory, concurrency or replicas and waits until the new revision serves; if it does
   * not become Ready in time, the previous configuration is put back and the error says so.
   */
  @Override protected void resize(Deployed current, ScalingConfig config) {
    String function = current.name();
    try {
      services().withName(function).edit(r -> withTemplate(r, current.spec(), config));
    } catch (KubernetesClientException e) {
      throw ApiErrors.explain(e, "scale " + what(function), apiServer);
    }
    try {
      awaitReady(function);
    } catch (IllegalStateException e) {
      throw revert(current.spec(), current.config(), e);
    }
  }

  /** {@code r} with the spec of our template for {@code c}: what faasrl writes is always a whole template. */
  private GenericKubernetesResource withTemplate(GenericKubernetesResource r, FunctionSpec spec, ScalingConfig c) {
    GenericKubernetesResource desired = services.service(spec, namespace, c);
    r.setAdditionalProperty("spec", desired.getAdditionalProperties().get("spec"));
    return r;
  }

  /**
   * Waits (watching, not polling) until the service is Ready on its latest generation (the new
   * revision serves); fails at once on Ready=False and after the timeout otherwise, naming the
   * conditions that are not True.
   */
  GenericKubernetesResource awaitReady(String fn) {
    GenericKubernetesResource r;
    try {
      r = services().withName(fn).waitUntilCondition(s -> s == null || settled(s), readyTimeout.toMillis(),
          TimeUnit.MILLISECONDS);
    } catch (KubernetesClientTimeoutException e) {
      throw notReady(fn);
    } catch (KubernetesClientException e) {
      if (Thread.currentThread().isInterrupted()) {
        throw new IllegalStateException("interrupted while waiting for " + what(fn), e);
      }
      throw ApiErrors.explain(e, "watch " + what(fn), apiServer);
    }
    if (r == null) {
      throw new IllegalStateException(what(fn) + " disappeared while waiting for it to become Ready "
          + "(deleted outside faasrl?)");
    }
    ServiceStatus status = ServiceStatus.of(r, json);
    if (!"True".equals(status.ready())) {
      throw new IllegalStateException(what(fn) + " failed: " + status.notTrue());
    }
    return r;
  }

  /** Ready=True or Ready=False on the generation faasrl last wrote. */
  private boolean settled(GenericKubernetesResource r) {
    ServiceStatus status = ServiceStatus.of(r, json);
    return status.observed(generation(r)) && List.of("True", "False").contains(status.ready());
  }

  private static long generation(GenericKubernetesResource r) {
    return r.getMetadata().getGeneration() == null ? 0 : r.getMetadata().getGeneration();
  }

  /** The timeout's error, with the conditions as they stand now. */
  private IllegalStateException notReady(String fn) {
    String why;
    try {
      GenericKubernetesResource r = services().withName(fn).get();
      ServiceStatus status = r == null ? null : ServiceStatus.of(r, json);
      why = r == null ? "it was deleted outside faasrl"
          : status.conditions().isEmpty() ? "no status yet (is Knative Serving's controller running?)"
          : (status.observed(generation(r)) ? "" : "generation " + generation(r) + " not yet observed; ")
              + status.notTrue();
    } catch (KubernetesClientException e) {
      why = "its status cannot be read: " + e.getMessage();
    }
    return new IllegalStateException(what(fn) + " not Ready after " + readyTimeout.toSeconds() + " s: " + why);
  }

  /** The configuration a service of ours runs with, read back from its template. */
  ScalingConfig configOf(GenericKubernetesResource r) {
    return ServiceTemplate.of(r, json).config();
  }

  /** Deletes the service; one deleted outside faasrl is forgotten, and the error says so. */
  @Override protected void stop(Deployed function) {
    String fn = function.name();
    List<?> deleted;
    try {
      deleted = services().withName(fn).delete();
    } catch (KubernetesClientException e) {
      throw ApiErrors.explain(e, "delete " + what(fn), apiServer);
    }
    if (deleted.isEmpty()) {
      forget(fn);
      throw new IllegalStateException(what(fn) + " not found (404): it was deleted outside faasrl");
    }
  }

  /** The service's URL (status.url), e.g. {@code http://adservice.default.192.168.1.240.sslip.io}. */
  public URI url(String function) {
    deployed(function);
    GenericKubernetesResource r = services().withName(function).get();
    String url = r == null ? null : ServiceStatus.of(r, json).url();
    if (url == null) {
      throw new IllegalStateException(what(function) + " has no URL yet (status.url is empty)");
    }
    return URI.create(url);
  }

  /** Where requests for {@code function} go: the ingress (as configured, else the URL's host) on port 80. */
  public IngressEndpoint endpoint(String function) {
    URI url = url(function);
    return new IngressEndpoint(ingressHost == null ? url.getHost() : ingressHost, ingressPort, url.getHost());
  }

  /** Pods of the function's serving revision that are Ready. */
  public int readyReplicas(String function) {
    GenericKubernetesResource r = services().withName(function).get();
    String revision = r == null ? null : ServiceStatus.of(r, json).latestReadyRevisionName();
    var pods = client.pods().inNamespace(namespace).withLabel(SERVICE_LABEL, function);
    int ready = 0;
    for (Pod p : pods.list().getItems()) {
      boolean serving = revision == null || revision.equals(p.getMetadata().getLabels().get(REVISION_LABEL));
      boolean isReady = p.getStatus() != null && p.getStatus().getConditions() != null && p.getStatus().getConditions()
          .stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
      if (serving && isReady && p.getMetadata().getDeletionTimestamp() == null) {
        ready++;
      }
    }
    return ready;
  }

  /**
   * The CPU limits of the function's pods that hold a place on a node (scheduled, not terminating,
   * not finished), summed: each pod's function-container limit, else the configured one.
   */
  double placedLimitCores(String function) {
    double fallback = config(function).cpuCores();
    double cores = 0;
    for (Pod p : client.pods().inNamespace(namespace).withLabel(SERVICE_LABEL, function).list().getItems()) {
      boolean placed = p.getSpec() != null && p.getSpec().getNodeName() != null
          && p.getMetadata().getDeletionTimestamp() == null
          && (p.getStatus() == null || !"Succeeded".equals(p.getStatus().getPhase())
              && !"Failed".equals(p.getStatus().getPhase()));
      if (placed) {
        cores += p.getSpec().getContainers().stream()
            .filter(c -> OnlineShop.FUNCTION_CONTAINER.equals(c.getName()) && c.getResources() != null
                && c.getResources().getLimits() != null && c.getResources().getLimits().containsKey("cpu"))
            .mapToDouble(c -> c.getResources().getLimits().get("cpu").getNumericalAmount().doubleValue())
            .findFirst().orElse(fallback);
      }
    }
    return cores;
  }

  /** Cores the function containers of {@code function} use now, summed over pods (metrics API). */
  public double cpuUsedCores(String function) {
    double cores = 0;
    try {
      for (PodMetrics pm : client.top().pods().inNamespace(namespace).withLabels(Map.of(SERVICE_LABEL, function))
          .metrics().getItems()) {
        for (ContainerMetrics c : pm.getContainers()) {
          Quantity cpu = c.getUsage() == null ? null : c.getUsage().get("cpu");
          if (OnlineShop.FUNCTION_CONTAINER.equals(c.getName()) && cpu != null) {
            cores += cpu.getNumericalAmount().doubleValue();
          }
        }
      }
    } catch (KubernetesClientException e) {
      throw ApiErrors.explain(e, "read pod metrics of " + what(function) + " (is metrics-server installed?)",
          apiServer);
    }
    return cores;
  }

  /** The Kubernetes API server this cluster talks to. */
  public String apiServer() {
    return apiServer;
  }

  public String namespace() {
    return namespace;
  }

  /** Each worker's figures over the {@code window} ending now, from its Prometheus. */
  public List<NodeMetrics> nodeMetrics(Duration window) {
    return prometheus.stream().map(p -> p.over(window)).toList();
  }

  @Override protected StepResult measure(Load load) {
    Map<String, IngressEndpoint> endpoints = new LinkedHashMap<>();
    Map<String, Double> limitsBefore = new LinkedHashMap<>();
    for (String fn : load.patterns().keySet()) {
      endpoints.put(fn, endpoint(fn));
      limitsBefore.put(fn, placedLimitCores(fn));
    }
    Duration start = clock();
    Map<String, FunctionMetrics.Builder> sent = invocation.send(load, endpoints);
    List<NodeMetrics> nodeMetrics = nodeMetrics(load.length());
    Map<String, FunctionMetrics> functions = new LinkedHashMap<>();
    for (String fn : endpoints.keySet()) {
      FunctionMetrics.Builder b = sent.get(fn);
      if (b == null) {
        throw new IllegalStateException("the invoker returned no metrics for " + fn);
      }
      // the limit over the step, as the simulator integrates it, from its two ends: pods change only on a scale
      double limitCores = (limitsBefore.get(fn) + placedLimitCores(fn)) / 2;
      functions.put(fn, b.config(config(fn)).askedRps(load.askedRps(fn)).readyReplicas(readyReplicas(fn))
          .cpuUsedCores(cpuUsedCores(fn)).cpuLimitCores(limitCores).build());
    }
    return new StepResult(start, load.length(), functions, nodeMetrics);
  }

  @Override public Duration clock() {
    return Duration.ofNanos(System.nanoTime() - started);
  }

  @Override protected void release() {
    invocation.close();
    client.close();
  }

  /** Settings for {@link #start()}; validated there, with one clear error for a wrong kubeconfig. */
  public static final class Builder {
    private final Path kubeconfig;
    private String namespace = "default";
    private Duration readyTimeout = Duration.ofMinutes(5);
    private Duration requestTimeout = Duration.ofSeconds(10);
    private Invocation invocation = new GrpcInvocation();
    private String ingressHost;
    private int ingressPort = 80;
    private final Map<String, URI> prometheus = new LinkedHashMap<>();
    private int prometheusPort = 9090;
    private KnativeServices services = KnativeServices.ONLINE_SHOP;

    private Builder(Path kubeconfig) {
      this.kubeconfig = Objects.requireNonNull(kubeconfig, "kubeconfig");
    }

    public Builder namespace(String v) {
      if (v == null || !v.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")) {
        throw new IllegalArgumentException("namespace must be a DNS-1123 label, was '" + v + "'");
      }
      namespace = v;
      return this;
    }

    /** How long a deploy or scale may take to become Ready (5 min by default: images may be pulled). */
    /**
     * The Knative Service each function runs as (default {@link KnativeServices#ONLINE_SHOP}: the
     * online-shop functions; {@link ProfileServices} runs any function by its CPU profile).
     */
    public Builder services(KnativeServices v) {
      services = Objects.requireNonNull(v, "services");
      return this;
    }

    public Builder readyTimeout(Duration v) {
      if (v == null || v.isNegative() || v.isZero()) {
        throw new IllegalArgumentException("ready timeout must be > 0, was " + v);
      }
      readyTimeout = v;
      return this;
    }

    /**
     * How long one call to the Kubernetes API may go without an answer before it fails (10 s by
     * default, fabric8's own); raise it for an API server that is far away or heavily loaded.
     */
    public Builder requestTimeout(Duration v) {
      if (v == null || v.isNegative() || v.isZero()) {
        throw new IllegalArgumentException("request timeout must be > 0, was " + v);
      }
      requestTimeout = v;
      return this;
    }

    /** What sends the requests; faasrl's open-loop gRPC invoker ({@link GrpcInvocation}) by default. */
    public Builder invocation(Invocation v) {
      invocation = Objects.requireNonNull(v, "invocation");
      return this;
    }

    /** Connect to this ingress (e.g. the Istio gateway's MetalLB IP) instead of resolving service URLs. */
    public Builder ingress(String host, int port) {
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("ingress port must be 1..65535, was " + port);
      }
      ingressHost = Objects.requireNonNull(host, "host");
      ingressPort = port;
      return this;
    }

    /**
     * The Prometheus of a worker. Without any, each worker's is assumed at its InternalIP on
     * {@link #prometheusPort} (where {@code faasrl setup} installs it; reachable from the master).
     */
    public Builder prometheus(String node, URI uri) {
      prometheus.put(Objects.requireNonNull(node, "node"), Objects.requireNonNull(uri, "uri"));
      return this;
    }

    public Builder prometheusPort(int v) {
      if (v < 1 || v > 65535) {
        throw new IllegalArgumentException("prometheus port must be 1..65535, was " + v);
      }
      prometheusPort = v;
      return this;
    }

    /**
     * Connects, checks that Knative Serving answers, lists the worker nodes and adopts the services
     * faasrl deployed earlier. A kubeconfig that is missing, malformed, unreachable, refused or
     * points at a cluster without Knative is an {@link IllegalArgumentException} with one message.
     */
    public KnativeCluster start() {
      Config config = readKubeconfig();
      KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
      List<GenericKubernetesResource> existing;
      try {
        existing = client.genericKubernetesResources(KSVC).inNamespace(namespace)
            .withLabel(OnlineShop.MANAGED_BY, "faasrl").list().getItems();
      } catch (KubernetesClientException e) {
        client.close();
        // the kubeconfig names a cluster that does not answer as a Knative cluster: bad input, one message
        if (e.getCode() == 404) {
          throw new IllegalArgumentException("the cluster at " + config.getMasterUrl() + " (kubeconfig " + kubeconfig
              + ") has no Knative Serving API (serving.knative.dev/v1 services: 404): was vHive set up?", e);
        }
        throw new IllegalArgumentException(ApiErrors.explain(e, "list Knative services in namespace " + namespace
            + " (kubeconfig " + kubeconfig + ")", config.getMasterUrl()).getMessage(), e);
      }
      Workers workers;
      try {
        workers = Workers.discover(client, prometheus, prometheusPort);
      } catch (RuntimeException e) {
        client.close();
        throw e;
      }
      List<PrometheusNodeMetrics> metrics = new ArrayList<>();
      workers.prometheus().forEach((node, uri) -> metrics.add(new PrometheusNodeMetrics(node, uri)));
      KnativeCluster cluster = new KnativeCluster(this, client, workers.nodes(), metrics);
      Catalog shop = Catalog.onlineShop();
      for (GenericKubernetesResource r : existing) { // a resumed run finds what an earlier one deployed
        String name = r.getMetadata().getName();
        if (shop.names().contains(name)) { // faasrl makes services from the online shop's templates only
          cluster.adopt(shop.get(name), cluster.configOf(r));
        }
      }
      return cluster;
    }

    private Config readKubeconfig() {
      if (!Files.isRegularFile(kubeconfig)) {
        throw new IllegalArgumentException("kubeconfig " + kubeconfig + " does not exist (faasrl setup writes it to "
            + "faasrl-cluster/kubeconfig)");
      }
      String text;
      try {
        text = Files.readString(kubeconfig);
        JsonNode doc = new ObjectMapper(new YAMLFactory()).readTree(text);
        if (doc == null || !doc.path("clusters").isArray() || doc.path("clusters").isEmpty()
            || doc.path("current-context").asText("").isEmpty()) {
          throw new IllegalArgumentException("kubeconfig " + kubeconfig + " is not a usable kubeconfig: it needs "
              + "clusters and a current-context");
        }
      } catch (IOException e) {
        throw new IllegalArgumentException("kubeconfig " + kubeconfig + " is not valid YAML: " + e.getMessage(), e);
      }
      try {
        Config c = Config.fromKubeconfig(null, text, kubeconfig.toString());
        c.setRequestRetryBackoffLimit(3); // a wrong server fails in seconds, not after ten backoffs
        c.setRequestTimeout((int) Math.min(Integer.MAX_VALUE, requestTimeout.toMillis()));
        return c;
      } catch (KubernetesClientException e) {
        throw new IllegalArgumentException("kubeconfig " + kubeconfig + " cannot be used: " + e.getMessage(), e);
      }
    }
  }
}
