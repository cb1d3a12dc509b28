package cn.anxin.platform.notify.channel;

import cn.anxin.platform.notify.Channel;

/**
 * Sends on one channel. Called on a worker thread, one message at a time per call; blocking is
 * expected and bounded by the sender's own timeouts. Failures the receiver reports are returned,
 * not thrown; an exception means the attempt failed for a reason of this side.
 */
public interface Sender {

  Channel channel();

  SendResult send(Outgoing message) throws Exception;
}
