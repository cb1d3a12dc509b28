package cn.anxin.platform.api.rest;

/** One area of the API: binds its operations (by operationId in the contract) to handlers. */
public interface ApiModule {
  void mount(ApiRoutes routes);
}
