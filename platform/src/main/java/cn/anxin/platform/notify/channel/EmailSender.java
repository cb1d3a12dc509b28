package cn.anxin.platform.notify.channel;

import cn.anxin.platform.notify.Channel;
import cn.anxin.platform.notify.SmtpOptions;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.Objects;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * E-mail over SMTP (Jakarta Mail, Eclipse Angus): plain UTF-8 text, STARTTLS required when
 * configured, authentication when a user is set, every exchange bounded by the timeout. The
 * Message-ID is made from the idempotency key, so each attempt at one message carries the same id
 * and mail clients show a repeat once; the receipt is that id and the server's last answer. An
 * address the server or the parser refuses is not tried again.
 */
public final class EmailSender implements Sender {

  private final SmtpOptions smtp;
  private final Session session;
  private final Clock clock;
  private final String domain;

  public EmailSender(SmtpOptions smtp, Duration timeout, Clock clock) {
    this.smtp = Objects.requireNonNull(smtp, "smtp");
    this.clock = Objects.requireNonNull(clock, "clock");
    String millis = String.valueOf(timeout.toMillis());
    Properties p = new Properties();
    p.put("mail.transport.protocol", "smtp");
    p.put("mail.smtp.host", smtp.host());
    p.put("mail.smtp.port", String.valueOf(smtp.port()));
    p.put("mail.smtp.connectiontimeout", millis);
    p.put("mail.smtp.timeout", millis);
    p.put("mail.smtp.writetimeout", millis);
    p.put("mail.smtp.auth", String.valueOf(smtp.authenticates()));
    if (smtp.startTls()) {
      p.put("mail.smtp.starttls.enable", "true");
      p.put("mail.smtp.starttls.required", "true");
    }
    this.session = Session.getInstance(p);
    int at = smtp.from().lastIndexOf('@');
    this.domain = at < 0 ? "anxin.local" : smtp.from().substring(at + 1).replace(">", "").strip();
  }

  @Override
  public Channel channel() {
    return Channel.EMAIL;
  }

  @Override
  public SendResult send(Outgoing message) throws Exception {
    String messageId = "<anxin." + message.key().replace(':', '.') + "@" + domain + ">";
    try {
      MimeMessage mail = new FixedIdMessage(session, messageId);
      mail.setFrom(new InternetAddress(smtp.from(), true));
      mail.setRecipients(Message.RecipientType.TO, InternetAddress.parse(message.address(), true));
      mail.setSubject(message.subject(), StandardCharsets.UTF_8.name());
      mail.setText(message.body(), StandardCharsets.UTF_8.name());
      mail.setSentDate(Date.from(clock.instant()));
      mail.saveChanges();
      try (Transport transport = session.getTransport("smtp")) {
        if (smtp.authenticates()) {
          transport.connect(smtp.host(), smtp.port(), smtp.user(), smtp.password());
        } else {
          transport.connect();
        }
        transport.sendMessage(mail, mail.getAllRecipients());
        String answer = transport instanceof SMTPTransport t ? t.getLastServerResponse() : null;
        return SendResult.delivered(messageId + (answer == null ? "" : " " + answer.strip()));
      }
    } catch (AddressException e) {
      return SendResult.failedForGood("address refused: " + e.getMessage());
    } catch (SendFailedException e) {
      boolean refused = e.getInvalidAddresses() != null && e.getInvalidAddresses().length > 0;
      return refused ? SendResult.failedForGood("SMTP refused the address: " + e.getMessage())
          : SendResult.failed("SMTP: " + e.getMessage());
    } catch (MessagingException e) {
      return SendResult.failed("SMTP: " + e);
    }
  }

  /** A message whose Message-ID is ours rather than one made up when it is saved. */
  private static final class FixedIdMessage extends MimeMessage {
    private final String id;

    FixedIdMessage(Session session, String id) {
      super(session);
      this.id = id;
    }

    @Override
    protected void updateMessageID() throws MessagingException {
      setHeader("Message-ID", id);
    }
  }
}
