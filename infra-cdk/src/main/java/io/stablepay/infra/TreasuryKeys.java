package io.stablepay.infra;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Tags;
import software.amazon.awscdk.services.iam.AddToPrincipalPolicyResult;
import software.amazon.awscdk.services.iam.ArnPrincipal;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.Alias;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.kms.KeySpec;
import software.amazon.awscdk.services.kms.KeyUsage;
import software.constructs.Construct;

/**
 * The platform's own hot wallets on each EVM network it serves: a treasury key, which sends
 * withdrawals, and a gas-tank key, which tops up gas. Both are secp256k1 keys (ECC_SECG_P256K1,
 * SIGN_VERIFY) that never leave KMS, tagged {@code stablepay:purpose} and {@code
 * stablepay:network}; the application finds them by alias ({@code
 * alias/stablepay/treasury/<NETWORK>}, {@code alias/stablepay/gas-tank/<NETWORK>}).
 *
 * <p>Their key policy lets the account administer them but not use them: IAM alone can never grant
 * {@code kms:Sign} on them. {@link #grantSign} names the one role that may sign, in each key policy
 * and in that role's IAM policy; {@link #grantReadPublicKeys} lets a role read their public keys
 * (the wallets' addresses) and nothing more. Outside throw-away stages the keys and their aliases
 * are retained, since the funds on those addresses depend on them.
 */
public final class TreasuryKeys extends Construct {

  /** The tag that says what a key is for ({@code treasury} or {@code gas-tank}). */
  public static final String PURPOSE_TAG = "stablepay:purpose";

  /** The tag that says which network a key's wallet is on. */
  public static final String NETWORK_TAG = "stablepay:network";

  /** Everything {@link #grantReadPublicKeys} allows. */
  static final List<String> READ_PUBLIC_KEY_ACTIONS =
      List.of("kms:GetPublicKey", "kms:DescribeKey");

  /** Everything {@link #grantSign} allows: signing, and finding the key and its address. */
  static final List<String> SIGN_ACTIONS =
      List.of("kms:Sign", "kms:GetPublicKey", "kms:DescribeKey");

  /** The two wallets of a network: purpose tag (also the alias path), construct id, role. */
  private enum Purpose {
    TREASURY("treasury", "Treasury", "treasury hot wallet; sends withdrawals"),
    GAS_TANK("gas-tank", "GasTank", "gas tank; tops up the gas of the platform's wallets");

    private final String tag;
    private final String id;
    private final String role;

    Purpose(String tag, String id, String role) {
      this.tag = tag;
      this.id = id;
      this.role = role;
    }
  }

  /**
   * @param networks the EVM network ids (ETHEREUM, POLYGON, ...) that get a treasury and a gas-tank
   *     key, sorted so templates are deterministic
   * @param disposable a throw-away stage: the keys are deleted with the stack after 7 days
   */
  public record Props(SortedSet<String> networks, boolean disposable) {

    public Props {
      Objects.requireNonNull(networks, "networks");
      networks = Collections.unmodifiableSortedSet(new TreeSet<>(networks));
      if (networks.isEmpty()) {
        throw new IllegalArgumentException("treasury keys need at least one network");
      }
      for (String network : networks) {
        if (!network.matches("[A-Z][A-Z0-9_]*")) {
          throw new IllegalArgumentException("'" + network + "' is not a network id (ETHEREUM)");
        }
      }
    }

    public static Builder builder() {
      return new Builder();
    }

    public static final class Builder {
      private final SortedSet<String> networks = new TreeSet<>();
      private boolean disposable;

      public Builder networks(Collection<String> networks) {
        this.networks.addAll(networks);
        return this;
      }

      public Builder disposable(boolean disposable) {
        this.disposable = disposable;
        return this;
      }

      public Props build() {
        return new Props(networks, disposable);
      }
    }
  }

  private final List<IKey> keys;
  private IRole signer;

  public TreasuryKeys(Construct scope, String id, Props props) {
    super(scope, id);
    RemovalPolicy removal = props.disposable() ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;
    List<IKey> created = new ArrayList<>();
    for (String network : props.networks()) {
      Construct wallets = new Construct(this, network);
      for (Purpose purpose : Purpose.values()) {
        Key key =
            Key.Builder.create(wallets, purpose.id + "Key")
                .description("StablePay " + purpose.role + " (" + network + ", secp256k1)")
                .keySpec(KeySpec.ECC_SECG_P256K1)
                .keyUsage(KeyUsage.SIGN_VERIFY)
                .pendingWindow(Duration.days(props.disposable() ? 7 : 30))
                .removalPolicy(removal)
                .policy(ServiceKey.administrationOnly())
                .build();
        Tags.of(key).add(PURPOSE_TAG, purpose.tag);
        Tags.of(key).add(NETWORK_TAG, network);
        // the alias is how the application finds the key: it goes (or stays) with the key
        Alias.Builder.create(wallets, purpose.id + "Alias")
            .aliasName(aliasName(purpose.tag, network))
            .targetKey(key)
            .removalPolicy(removal)
            .build();
        created.add(key);
      }
    }
    keys = List.copyOf(created);
  }

  /** {@code alias/stablepay/<purpose>/<NETWORK>}, as the application resolves it. */
  static String aliasName(String purpose, String network) {
    return "alias/stablepay/" + purpose + "/" + network;
  }

  /**
   * Lets {@code grantee} read these keys' public keys and describe them, through its own IAM policy
   * and on exactly these key ARNs: it cannot sign with them or touch any other key.
   *
   * @throws IllegalArgumentException if {@code grantee} has no IAM policy to add to
   */
  public void grantReadPublicKeys(IGrantable grantee) {
    AddToPrincipalPolicyResult result =
        grantee
            .getGrantPrincipal()
            .addToPrincipalPolicy(
                PolicyStatement.Builder.create()
                    .sid("ReadTreasuryPublicKeys")
                    .actions(READ_PUBLIC_KEY_ACTIONS)
                    .resources(keys.stream().map(IKey::getKeyArn).toList())
                    .build());
    if (!result.getStatementAdded()) {
      throw new IllegalArgumentException(
          "cannot grant to " + grantee.getGrantPrincipal() + ": it has no IAM policy");
    }
  }

  /**
   * Makes {@code signer} the one role that may sign with these keys (and read and describe them,
   * which resolving them by alias needs). Both sides name it: each key policy allows only its ARN
   * to sign, since the account's administration statement does not delegate signing to IAM, and its
   * own IAM policy allows signing on exactly these key ARNs, so it signs with no other key. KMS
   * checks the key ARN also when a request names the key by alias.
   *
   * @throws IllegalStateException if a role was already made the signer: there is only one
   * @throws IllegalArgumentException if {@code signer} has no IAM policy to add to
   */
  public void grantSign(IRole signer) {
    if (this.signer != null) {
      throw new IllegalStateException(
          "treasury keys have one signer, already " + this.signer.getNode().getPath());
    }
    for (IKey key : keys) {
      key.addToResourcePolicy(
          PolicyStatement.Builder.create()
              .sid("OnlyTheWithdrawalSignerSigns")
              .principals(List.of(new ArnPrincipal(signer.getRoleArn())))
              .actions(SIGN_ACTIONS)
              .resources(List.of("*"))
              .build());
    }
    AddToPrincipalPolicyResult result =
        signer.addToPrincipalPolicy(
            PolicyStatement.Builder.create()
                .sid("SignWithTreasuryKeys")
                .actions(SIGN_ACTIONS)
                .resources(keys.stream().map(IKey::getKeyArn).toList())
                .build());
    if (!result.getStatementAdded()) {
      throw new IllegalArgumentException("cannot grant to " + signer + ": it has no IAM policy");
    }
    this.signer = signer;
  }

  /** The keys, per network (sorted) the treasury key and then the gas-tank key. */
  public List<IKey> keys() {
    return keys;
  }
}
