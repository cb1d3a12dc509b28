package cn.anxin.platform.api.rest;

import java.sql.Connection;

/**
 * An API operation that works on the database: it runs on a worker thread inside one transaction,
 * committed when it returns and rolled back when it throws (an {@link ApiProblem} becomes a problem
 * response; anything else a 500). Reads of personal data and their audit rows thus commit together.
 */
@FunctionalInterface
public interface BlockingOperation {
  ApiReply run(ApiRequest request, Connection c) throws Exception;
}
