package faasrl.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import faasrl.invoke.proto.GreeterGrpc;
import faasrl.invoke.proto.HelloRequest;
import faasrl.local.shop.Downstream;
import faasrl.local.shop.ShopFunctions;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Every online-shop function served for real over gRPC, chained ones calling the others. */
class FunctionServerTest {

  private static String call(int port, String payload) {
    ManagedChannel ch = Grpc.newChannelBuilder("127.0.0.1:" + port, InsecureChannelCredentials.create()).build();
    try {
      return GreeterGrpc.newBlockingStub(ch).withDeadlineAfter(10, TimeUnit.SECONDS)
          .sayHello(HelloRequest.newBuilder().setName(payload).build()).getMessage();
    } finally {
      ch.shutdownNow();
    }
  }

  @Test
  void everyFunctionAnswersWithItsWorkAndCheckoutCallsTheOthers() {
    List<FunctionServer> servers = new ArrayList<>();
    try {
      StringBuilder downstream = new StringBuilder();
      for (String f : List.of("cartservice", "productcatalogservice", "currencyservice", "shippingservice",
          "paymentservice", "emailservice", "adservice")) {
        FunctionServer s = FunctionServer.start(f, 0, 0, Downstream.none());
        servers.add(s);
        downstream.append(downstream.length() == 0 ? "" : ",").append(f).append("=127.0.0.1:").append(s.port());
        String reply = call(s.port(), ShopFunctions.defaultRequest(f));
        assertThat(reply).as(f).isNotBlank();
      }
      assertThat(call(servers.get(6).port(), "donuts")).as("ads for the context").contains("donuts");
      assertThat(call(servers.get(2).port(), "100")).matches("\\d+\\.\\d{9} [A-Z]{3}");
      assertThat(call(servers.get(1).port(), "loremipsum")).matches("(P\\d{5},)+");
      FunctionServer rec = FunctionServer.start("recommendationservice", 0, 0, Downstream.parse(downstream.toString()));
      servers.add(rec);
      assertThat(call(rec.port(), "12345").split(",")).hasSize(5);
      FunctionServer checkout = FunctionServer.start("checkoutservice", 0, 2, Downstream.parse(downstream.toString()));
      servers.add(checkout);
      assertThat(call(checkout.port(), "12345")).startsWith("order ");
    } finally {
      servers.forEach(FunctionServer::close);
    }
  }

  @Test
  void aChainedFunctionWithoutItsCalleeFailsTheRequestNotTheServer() {
    try (FunctionServer checkout = FunctionServer.start("checkoutservice", 0, 0, Downstream.none())) {
      for (int i = 0; i < 2; i++) { // the server still answers after a failed request
        assertThatThrownBy(() -> call(checkout.port(), "12345")).isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION))
            .hasMessageContaining("no endpoint for downstream function cartservice");
      }
    }
  }

  @Test
  void theMainClassRefusesBadOptionsWithOneLineAndExitCode2() throws Exception {
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), FunctionServer.class.getName(), "--function", "nope").start();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).isEqualTo(2);
    assertThat(err.strip()).startsWith("function-server: no local implementation of function 'nope'")
        .doesNotContain("\tat ");
  }
}
