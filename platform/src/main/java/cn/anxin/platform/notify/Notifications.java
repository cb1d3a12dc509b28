package cn.anxin.platform.notify;

import cn.anxin.platform.ingest.JournalConsumer;
import cn.anxin.platform.notify.OutgoingLoader.Ready;
import cn.anxin.platform.notify.channel.EmailSender;
import cn.anxin.platform.notify.channel.Sender;
import cn.anxin.platform.notify.channel.SmsSender;
import cn.anxin.platform.notify.channel.WebhookSender;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.MessageConsumer;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notifications in this process: on a Vert.x timer, and whenever an alert is raised or moved
 * ({@link JournalConsumer#ALERTS_ADDRESS}) or someone asks for a retry ({@link #WAKE_ADDRESS}), one
 * round plans the new transitions and sends what is due. Rounds never overlap; each message is sent
 * on a worker of the notifier's own small pool, so a slow mail server holds neither the event loop
 * nor the API's database workers. Safe to run in several processes over one database.
 */
public final class Notifications {

  /** Event-bus address that starts a round now (after a retry was asked for). */
  public static final String WAKE_ADDRESS = "anxin.notifications.wake";
  /** Threads that send; also the most messages in flight at once. */
  static final int SENDERS = 4;

  private static final Logger LOG = LoggerFactory.getLogger(Notifications.class);

  private final Vertx vertx;
  private final DataSource dataSource;
  private final NotifyOptions options;
  private final Clock clock;
  private final NotificationPlanner planner;
  private final NotificationDispatcher dispatcher;
  private final WorkerExecutor workers;
  private final List<MessageConsumer<Object>> wakeUps = new ArrayList<>();
  private long timer = -1;
  private boolean busy;
  private boolean again;
  private volatile boolean stopped;

  private Notifications(Vertx vertx, DataSource dataSource, Clock clock, NotifyOptions options) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.options = Objects.requireNonNull(options, "options");
    this.planner = new NotificationPlanner(clock, options.batchSize(), options.planningGrace());
    List<Sender> senders = new ArrayList<>(senders(clock, options));
    senders.add(new cn.anxin.platform.notify.channel.AppSender(vertx, options.requestTimeout()));
    this.clock = clock;
    this.dispatcher = new NotificationDispatcher(dataSource, clock, options, senders,
        new Backoff(options.backoff(), options.jitter(), new SecureRandom()));
    this.workers = vertx.createSharedWorkerExecutor("anxin-notify", SENDERS);
  }

  /** Makes the notifier without starting it (tests drive it with {@link #planNow()} and {@link #dispatchDueNow()}). */
  public static Notifications create(Vertx vertx, DataSource dataSource, Clock clock, NotifyOptions options) {
    return new Notifications(vertx, dataSource, clock, options);
  }

  /** Makes and starts the notifier; call on a Vert.x context thread. */
  public static Notifications start(Vertx vertx, DataSource dataSource, Clock clock, NotifyOptions options) {
    Notifications n = create(vertx, dataSource, clock, options);
    n.start();
    return n;
  }

  /** The senders of the channels configured here; the webhook channel needs no settings. */
  static List<Sender> senders(Clock clock, NotifyOptions options) {
    List<Sender> senders = new ArrayList<>();
    senders.add(new WebhookSender(options.requestTimeout(), clock));
    options.sms().ifPresent(sms -> senders.add(new SmsSender(sms, options.requestTimeout())));
    options.smtp().ifPresent(smtp -> senders.add(new EmailSender(smtp, options.requestTimeout(), clock)));
    return senders;
  }

  public void start() {
    wakeUps.add(vertx.eventBus().localConsumer(JournalConsumer.ALERTS_ADDRESS, m -> wake()));
    wakeUps.add(vertx.eventBus().localConsumer(WAKE_ADDRESS, m -> wake()));
    wakeUps.add(vertx.eventBus().localConsumer(cn.anxin.gateway.family.FamilyPush.SUBSCRIBED_ADDRESS,
        m -> appBack(((io.vertx.core.json.JsonObject) m.body()).getLong("accountId"))));
    timer = vertx.setPeriodic(options.pollMillis(), t -> wake());
    LOG.info("notifications: webhooks{}{}", options.sms().isPresent() ? ", SMS" : " (no SMS gateway)",
        options.smtp().isPresent() ? ", e-mail" : " (no SMTP server)");
    wake();
  }

  /** Stops looking for work; messages being sent finish (or their lease runs out). */
  public void stop() {
    stopped = true;
    wakeUps.forEach(MessageConsumer::unregister);
    vertx.cancelTimer(timer);
    workers.close();
  }

  /** Plans every transition waiting, on the calling thread; returns the outbox rows added. */
  public int planNow() throws SQLException {
    return planner.planAll(dataSource);
  }

  /** Sends everything due now, on the calling thread. */
  public NotificationDispatcher.Round dispatchDueNow() throws SQLException {
    return dispatcher.dispatchDueNow();
  }

  /** Plans, then sends what is due, on the calling thread. */
  public NotificationDispatcher.Round runNow() throws SQLException {
    planNow();
    return dispatchDueNow();
  }

  private void wake() {
    if (stopped) {
      return;
    }
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    workers.executeBlocking(() -> {
      planner.planAll(dataSource);
      return dispatcher.claimDue();
    }, false).compose(this::sendAll).onComplete(done -> {
      if (done.failed()) {
        LOG.error("notification round failed, will retry: {}", done.cause().toString());
      }
      busy = false;
      boolean full = done.succeeded() && done.result() >= options.batchSize();
      if (again || full) {
        again = false;
        wake();
      }
    });
  }

  /**
   * A family app has subscribed: what waited for it is due now. Looked at again a moment later, for
   * a message that was being tried (and found the app absent) while the app subscribed.
   */
  private void appBack(long accountId) {
    if (stopped) {
      return;
    }
    for (long delay : new long[] {0, 2_000}) {
      Runnable release = () -> workers.executeBlocking(() -> {
        try (java.sql.Connection c = dataSource.getConnection()) {
          return Outbox.appBack(c, accountId, clock.instant());
        }
      }, false).onComplete(done -> {
        if (done.failed()) {
          LOG.warn("messages waiting for the family app of account {} stay until their re-check: {}", accountId,
              done.cause().toString());
        } else if (done.result() > 0) {
          wake();
        }
      });
      if (delay == 0) {
        release.run();
      } else {
        vertx.setTimer(delay, t -> {
          if (!stopped) {
            release.run();
          }
        });
      }
    }
  }

  /** Sends a claimed batch, each message on a worker; completes with the batch's size. */
  private Future<Integer> sendAll(NotificationDispatcher.Claimed claimed) {
    List<Future<NotificationDispatcher.Outcome>> sent = new ArrayList<>();
    for (Ready ready : claimed.ready()) {
      sent.add(workers.executeBlocking(() -> dispatcher.deliver(ready), false));
    }
    int size = claimed.ready().size() + claimed.skipped() + claimed.dead();
    return Future.join(sent).otherwiseEmpty().map(v -> size);
  }
}
