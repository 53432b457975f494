package io.stablepay.core.domain;

/** The asset's issuer does not support it on the requested network (e.g. USDC on Tron). */
public class UnsupportedAssetException extends DomainException {

  public UnsupportedAssetException(Asset asset, NetworkId network) {
    super(asset + " is not available on " + network);
  }

  @Override
  public String code() {
    return "unsupported-asset";
  }

  @Override
  public String title() {
    return "Asset not supported on this network";
  }
}
