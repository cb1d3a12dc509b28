package cn.anxin.sim;

import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttAuth;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.MqttServer;
import io.vertx.mqtt.MqttServerOptions;
import io.vertx.mqtt.messages.MqttPublishMessage;
import io.vertx.mqtt.messages.codes.MqttPubAckReasonCode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A real in-process MQTT server (Vert.x) playing the Anxin gateway's side of the contract: it
 * accepts the known device ids with their secrets, refuses everyone else with "bad user name or
 * password", records every PUBLISH and acknowledges it by hand, possibly late or with an MQTT 5
 * reason code.
 */
final class TestMqttServer implements AutoCloseable {

    /** One PUBLISH as the server saw it; protocolVersion is 4 for MQTT 3.1.1 and 5 for MQTT 5. */
    record Received(String clientId, int protocolVersion, String topic, int qos, boolean retain, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private final Vertx vertx = Vertx.vertx();
    private final Map<String, String> secrets;
    private final MqttServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<String> refusedClients = new CopyOnWriteArrayList<>();
    private final List<String> disconnectedClients = new CopyOnWriteArrayList<>();
    private final List<Runnable> heldAcks = new ArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger accepted = new java.util.concurrent.atomic.AtomicInteger();
    private final Map<MqttEndpoint, Context> open = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean holdAcks;
    private volatile MqttPubAckReasonCode pubAckReason = MqttPubAckReasonCode.SUCCESS;

    private TestMqttServer(Map<String, String> secrets) {
        this.secrets = Map.copyOf(secrets);
        this.server = MqttServer.create(vertx, new MqttServerOptions().setHost("127.0.0.1").setPort(0));
        server.endpointHandler(this::onConnect);
    }

    /** Starts a server on an ephemeral port of 127.0.0.1 that knows these device ids and secrets. */
    static TestMqttServer start(Map<String, String> secrets) {
        TestMqttServer testServer = new TestMqttServer(secrets);
        await(testServer.server.listen());
        return testServer;
    }

    int port() {
        return server.actualPort();
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    List<Received> receivedOn(String topic) {
        return received.stream().filter(r -> r.topic().equals(topic)).toList();
    }

    List<String> refusedClients() {
        return List.copyOf(refusedClients);
    }

    List<String> disconnectedClients() {
        return List.copyOf(disconnectedClients);
    }

    /** How many connections were accepted so far. */
    int acceptedConnections() {
        return accepted.get();
    }

    /** How many accepted connections are open now. */
    int openConnections() {
        return open.size();
    }

    /** Closes every open connection from the server side, as a restarting gateway would. */
    void dropAll() {
        open.forEach((endpoint, context) -> context.runOnContext(v -> endpoint.close()));
    }

    /** From now on, PUBACKs wait until {@link #releaseAcks()}. */
    void holdAcks() {
        holdAcks = true;
    }

    /** Sends every held PUBACK and stops holding them. */
    void releaseAcks() {
        List<Runnable> toSend;
        synchronized (heldAcks) {
            holdAcks = false;
            toSend = List.copyOf(heldAcks);
            heldAcks.clear();
        }
        toSend.forEach(Runnable::run);
    }

    /** MQTT 5 PUBACKs carry this reason code from now on. */
    void answerPublishesWith(MqttPubAckReasonCode reason) {
        pubAckReason = reason;
    }

    @Override
    public void close() {
        await(server.close());
        await(vertx.close());
    }

    private void onConnect(MqttEndpoint endpoint) {
        String clientId = endpoint.clientIdentifier();
        MqttAuth auth = endpoint.auth();
        String secret = secrets.get(clientId);
        boolean known = secret != null && auth != null
                && clientId.equals(auth.getUsername()) && secret.equals(auth.getPassword());
        if (!known) {
            refusedClients.add(clientId);
            endpoint.reject(endpoint.protocolVersion() == 5
                    ? MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USERNAME_OR_PASSWORD
                    : MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD);
            return;
        }
        Context context = vertx.getOrCreateContext();
        endpoint.publishAutoAck(false);
        endpoint.publishHandler(message -> onPublish(endpoint, context, message));
        endpoint.disconnectHandler(v -> disconnectedClients.add(clientId));
        endpoint.closeHandler(v -> open.remove(endpoint));
        open.put(endpoint, context);
        accepted.incrementAndGet();
        endpoint.accept(false);
    }

    private void onPublish(MqttEndpoint endpoint, Context context, MqttPublishMessage message) {
        received.add(new Received(endpoint.clientIdentifier(), endpoint.protocolVersion(), message.topicName(),
                message.qosLevel().value(), message.isRetain(), message.payload().getBytes()));
        if (message.qosLevel() != MqttQoS.AT_LEAST_ONCE) {
            return;
        }
        int id = message.messageId();
        MqttPubAckReasonCode reason = pubAckReason;
        Runnable ack = () -> context.runOnContext(v -> {
            if (endpoint.protocolVersion() == 5) {
                endpoint.publishAcknowledge(id, reason, MqttProperties.NO_PROPERTIES);
            } else {
                endpoint.publishAcknowledge(id);
            }
        });
        synchronized (heldAcks) {
            if (holdAcks) {
                heldAcks.add(ack);
                return;
            }
        }
        ack.run();
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("test MQTT server operation failed", e);
        }
    }
}
