package cn.anxin.platform.notify;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How notifications are planned and sent. Environment variables: {@code ANXIN_NOTIFY_POLL_MS},
 * {@code ANXIN_NOTIFY_MAX_ATTEMPTS}, {@code ANXIN_NOTIFY_BACKOFF} (e.g. {@code 5s,30s,2m,10m,1h}),
 * and the channels' {@code ANXIN_SMS_*} and {@code ANXIN_SMTP_*} (see {@link SmsOptions},
 * {@link SmtpOptions}); a channel without its settings is not configured, and its messages fail
 * (and end DEAD, with an administrator notice) rather than vanish.
 *
 * @param pollMillis how often due messages are looked for (also woken by every alert change)
 * @param batchSize transitions planned, and messages taken, per round
 * @param maxAttempts attempts before a message is DEAD
 * @param backoff waits after the 1st, 2nd ... failed attempt; the last repeats
 * @param jitter random spread of each wait, as a fraction of it
 * @param lease how long a message being sent is held before another round may take it again
 * @param planningGrace how old a planned transition must be before the planner stops looking below it
 * @param requestTimeout the longest an HTTP or SMTP exchange may take
 * @param sms the SMS gateway, if configured
 * @param smtp the SMTP server, if configured
 */
public record NotifyOptions(
    long pollMillis,
    int batchSize,
    int maxAttempts,
    List<Duration> backoff,
    double jitter,
    Duration lease,
    Duration planningGrace,
    Duration requestTimeout,
    Optional<SmsOptions> sms,
    Optional<SmtpOptions> smtp) {

  public static final long DEFAULT_POLL_MILLIS = 1_000;
  public static final int DEFAULT_BATCH_SIZE = 50;
  public static final int DEFAULT_MAX_ATTEMPTS = 6;
  public static final List<Duration> DEFAULT_BACKOFF = List.of(Duration.ofSeconds(5), Duration.ofSeconds(30),
      Duration.ofMinutes(2), Duration.ofMinutes(10), Duration.ofHours(1));
  public static final double DEFAULT_JITTER = 0.2;
  public static final Duration DEFAULT_LEASE = Duration.ofMinutes(2);
  public static final Duration DEFAULT_PLANNING_GRACE = Duration.ofMinutes(10);
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

  public NotifyOptions {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("max attempts must be at least 1");
    }
    if (batchSize < 1 || pollMillis < 1) {
      throw new IllegalArgumentException("batch size and poll interval must be positive");
    }
    backoff = List.copyOf(backoff);
    if (backoff.isEmpty()) {
      throw new IllegalArgumentException("the back-off schedule is empty");
    }
    if (lease.compareTo(requestTimeout.multipliedBy(2)) < 0) {
      throw new IllegalArgumentException("the lease must outlast two request timeouts");
    }
  }

  /** Defaults, with no SMS gateway and no SMTP server. */
  public static NotifyOptions defaults() {
    return new NotifyOptions(DEFAULT_POLL_MILLIS, DEFAULT_BATCH_SIZE, DEFAULT_MAX_ATTEMPTS, DEFAULT_BACKOFF,
        DEFAULT_JITTER, DEFAULT_LEASE, DEFAULT_PLANNING_GRACE, DEFAULT_REQUEST_TIMEOUT, Optional.empty(),
        Optional.empty());
  }

  public static NotifyOptions fromEnv(Map<String, String> env) {
    Optional<SmsOptions> sms = text(env, "ANXIN_SMS_URL")
        .map(url -> new SmsOptions(URI.create(url), text(env, "ANXIN_SMS_TOKEN").orElse("")));
    Optional<SmtpOptions> smtp = text(env, "ANXIN_SMTP_HOST").map(host -> new SmtpOptions(host,
        text(env, "ANXIN_SMTP_PORT").map(Integer::parseInt).orElse(SmtpOptions.DEFAULT_PORT),
        text(env, "ANXIN_SMTP_USER").orElse(""), env.getOrDefault("ANXIN_SMTP_PASSWORD", ""),
        text(env, "ANXIN_SMTP_FROM").orElseThrow(() ->
            new IllegalArgumentException("ANXIN_SMTP_FROM must be set together with ANXIN_SMTP_HOST")),
        text(env, "ANXIN_SMTP_STARTTLS").map(Boolean::parseBoolean).orElse(false)));
    return new NotifyOptions(
        text(env, "ANXIN_NOTIFY_POLL_MS").map(Long::parseLong).orElse(DEFAULT_POLL_MILLIS),
        DEFAULT_BATCH_SIZE,
        text(env, "ANXIN_NOTIFY_MAX_ATTEMPTS").map(Integer::parseInt).orElse(DEFAULT_MAX_ATTEMPTS),
        text(env, "ANXIN_NOTIFY_BACKOFF").map(NotifyOptions::schedule).orElse(DEFAULT_BACKOFF),
        DEFAULT_JITTER, DEFAULT_LEASE, DEFAULT_PLANNING_GRACE, DEFAULT_REQUEST_TIMEOUT, sms, smtp);
  }

  public NotifyOptions withSms(SmsOptions gateway) {
    return new NotifyOptions(pollMillis, batchSize, maxAttempts, backoff, jitter, lease, planningGrace,
        requestTimeout, Optional.of(gateway), smtp);
  }

  public NotifyOptions withSmtp(SmtpOptions server) {
    return new NotifyOptions(pollMillis, batchSize, maxAttempts, backoff, jitter, lease, planningGrace,
        requestTimeout, sms, Optional.of(server));
  }

  public NotifyOptions withRetries(int attempts, List<Duration> schedule, double spread) {
    return new NotifyOptions(pollMillis, batchSize, attempts, schedule, spread, lease, planningGrace,
        requestTimeout, sms, smtp);
  }

  /** A schedule such as {@code 5s,30s,2m,10m,1h} (units s, m, h). */
  static List<Duration> schedule(String text) {
    return Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).map(s -> {
      long n = Long.parseLong(s.substring(0, s.length() - 1));
      return switch (s.charAt(s.length() - 1)) {
        case 's' -> Duration.ofSeconds(n);
        case 'm' -> Duration.ofMinutes(n);
        case 'h' -> Duration.ofHours(n);
        default -> throw new IllegalArgumentException("back-off step " + s + ": use s, m or h");
      };
    }).toList();
  }

  private static Optional<String> text(Map<String, String> env, String name) {
    return Optional.ofNullable(env.get(name)).map(String::strip).filter(v -> !v.isEmpty());
  }
}
