// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {Test} from "../utils/Test.sol";
import {BridgeVault} from "../../src/bridge/BridgeVault.sol";
import {TestStablecoin} from "../../src/test/TestStablecoin.sol";
import {FeeOnTransferToken} from "../mocks/FeeOnTransferToken.sol";

/// @notice Relayer keys (test-only literals) and signing in the order the vault requires.
abstract contract RelayerKeys is Test {
    uint256 internal constant PK_A = 0xA11CE;
    uint256 internal constant PK_B = 0xB0B;
    uint256 internal constant PK_C = 0xC4A5E;
    uint256 internal constant PK_D = 0xD0D0;
    uint256 internal constant PK_STRANGER = 0x5757;

    uint256 internal constant SOURCE_CHAIN = 1;
    uint256 internal constant DEST_CHAIN = 56;

    function _keys(uint256 a, uint256 b) internal pure returns (uint256[] memory pks) {
        pks = new uint256[](2);
        (pks[0], pks[1]) = (a, b);
    }

    function _addresses(uint256[] memory pks) internal pure returns (address[] memory addrs) {
        addrs = new address[](pks.length);
        for (uint256 i; i < pks.length; ++i) {
            addrs[i] = vm.addr(pks[i]);
        }
    }

    /// @dev Signs `digest` with every key, ordered by ascending signer address.
    function _sign(uint256[] memory pks, bytes32 digest) internal pure returns (bytes[] memory sigs) {
        uint256[] memory sorted = new uint256[](pks.length);
        for (uint256 i; i < pks.length; ++i) {
            uint256 j = i;
            while (j > 0 && vm.addr(sorted[j - 1]) > vm.addr(pks[i])) {
                sorted[j] = sorted[j - 1];
                --j;
            }
            sorted[j] = pks[i];
        }
        sigs = new bytes[](pks.length);
        for (uint256 i; i < sorted.length; ++i) {
            (uint8 v, bytes32 r, bytes32 s) = vm.sign(sorted[i], digest);
            sigs[i] = abi.encodePacked(r, s, v);
        }
    }
}

contract BridgeVaultTest is RelayerKeys {
    uint256 internal constant LIMIT = 1_000_000e6;
    uint256 internal constant LIQUIDITY = 5_000_000e6;
    uint256 internal constant START = 1_700_000_000;
    bytes32 internal constant TX = keccak256("source tx");
    uint256 internal constant LOG_INDEX = 7;

    BridgeVault internal vault;
    TestStablecoin internal usdt;
    address internal admin = makeAddr("admin");
    address internal pauser = makeAddr("pauser");
    address internal user = makeAddr("user");
    address internal recipient = makeAddr("recipient");
    address internal stranger = makeAddr("stranger");
    bytes32 internal adminRole;
    bytes32 internal pauserRole;

    function setUp() public {
        vm.warp(START);
        usdt = new TestStablecoin("Tether USD", "USDT", 6);
        vault = new BridgeVault(admin);
        adminRole = vault.DEFAULT_ADMIN_ROLE();
        pauserRole = vault.PAUSER_ROLE();

        address[] memory relayers = new address[](3);
        (relayers[0], relayers[1], relayers[2]) = (vm.addr(PK_A), vm.addr(PK_B), vm.addr(PK_C));
        vm.startPrank(admin);
        vault.grantRole(pauserRole, pauser);
        vault.setTokenLimit(address(usdt), LIMIT);
        vault.setDestinationChain(DEST_CHAIN, true);
        vault.setRelayers(relayers, 2);
        vm.stopPrank();

        usdt.mint(address(vault), LIQUIDITY);
        usdt.mint(user, 1_000e6);
        vm.prank(user);
        usdt.approve(address(vault), type(uint256).max);
    }

    // ------------------------------------------------------------ helpers

    function _digest(bytes32 txHash, uint256 amount) internal view returns (bytes32) {
        return vault.releaseDigest(SOURCE_CHAIN, txHash, LOG_INDEX, recipient, address(usdt), amount);
    }

    function _release(bytes32 txHash, uint256 amount, bytes[] memory sigs) internal {
        vault.release(SOURCE_CHAIN, txHash, LOG_INDEX, recipient, address(usdt), amount, sigs);
    }

    /// @dev A release of `amount` signed by relayers A and B (2 of 3).
    function _release(bytes32 txHash, uint256 amount) internal {
        _release(txHash, amount, _sign(_keys(PK_A, PK_B), _digest(txHash, amount)));
    }

    function _today() internal view returns (uint256) {
        return block.timestamp / 1 days;
    }

    function _pause() internal {
        vm.prank(pauser);
        vault.pause();
    }

    // ------------------------------------------------------------ constructor and configuration

    function test_constructor_grantsOnlyTheAdminRole() public {
        BridgeVault fresh = new BridgeVault(admin);
        vm.assertTrue(fresh.hasRole(adminRole, admin));
        vm.assertFalse(fresh.hasRole(pauserRole, admin));
        vm.assertEq(fresh.threshold(), 0);
        vm.assertEq(fresh.relayerSetVersion(), 0);
        vm.assertEq(fresh.getRelayers().length, 0);
    }

    function test_constructor_rejectsZeroAdmin() public {
        vm.expectRevert(BridgeVault.ZeroAddress.selector);
        new BridgeVault(address(0));
    }

    function test_setTokenLimit_setsAndDisallows() public {
        vm.expectEmit(address(vault));
        emit BridgeVault.TokenLimitSet(address(usdt), 42);
        vm.prank(admin);
        vault.setTokenLimit(address(usdt), 42);
        vm.assertEq(vault.dailyLimit(address(usdt)), 42);

        vm.prank(admin);
        vault.setTokenLimit(address(usdt), 0);
        vm.expectRevert(abi.encodeWithSelector(BridgeVault.TokenNotAllowed.selector, address(usdt)));
        vm.prank(user);
        vault.lock(address(usdt), 1, DEST_CHAIN, recipient);
    }

    function test_setTokenLimit_reverts() public {
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, stranger, adminRole)
        );
        vm.prank(stranger);
        vault.setTokenLimit(address(usdt), 1);

        vm.expectRevert(BridgeVault.ZeroAddress.selector);
        vm.prank(admin);
        vault.setTokenLimit(address(0), 1);
    }

    function test_setDestinationChain_enablesAndDisables() public {
        vm.expectEmit(address(vault));
        emit BridgeVault.DestinationChainSet(137, true);
        vm.prank(admin);
        vault.setDestinationChain(137, true);
        vm.assertTrue(vault.isDestinationChain(137));

        vm.expectEmit(address(vault));
        emit BridgeVault.DestinationChainSet(137, false);
        vm.prank(admin);
        vault.setDestinationChain(137, false);
        vm.assertFalse(vault.isDestinationChain(137));
    }

    function test_setDestinationChain_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(BridgeVault.InvalidChainId.selector, block.chainid));
        vm.prank(admin);
        vault.setDestinationChain(block.chainid, true);

        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, stranger, adminRole)
        );
        vm.prank(stranger);
        vault.setDestinationChain(137, true);
    }

    function test_setRelayers_replacesTheSet() public {
        address[] memory next = _addresses(_keys(PK_C, PK_D));
        vm.expectEmit(address(vault));
        emit BridgeVault.RelayersSet(2, next, 1);
        vm.prank(admin);
        vault.setRelayers(next, 1);

        vm.assertEq(vault.relayerSetVersion(), 2);
        vm.assertEq(vault.threshold(), 1);
        address[] memory current = vault.getRelayers();
        vm.assertEq(current.length, 2);
        vm.assertEq(current[0], next[0]);
        vm.assertEq(current[1], next[1]);
        vm.assertFalse(vault.isRelayer(vm.addr(PK_A)));
        vm.assertFalse(vault.isRelayer(vm.addr(PK_B)));
        vm.assertTrue(vault.isRelayer(vm.addr(PK_C)));
        vm.assertTrue(vault.isRelayer(vm.addr(PK_D)));
    }

    function test_setRelayers_reverts() public {
        address a = vm.addr(PK_A);
        address b = vm.addr(PK_B);
        address[] memory pair = new address[](2);
        vm.startPrank(admin);

        (pair[0], pair[1]) = (a, address(0));
        vm.expectRevert(BridgeVault.ZeroAddress.selector);
        vault.setRelayers(pair, 1);

        (pair[0], pair[1]) = (a, a);
        vm.expectRevert(abi.encodeWithSelector(BridgeVault.DuplicateRelayer.selector, a));
        vault.setRelayers(pair, 1);

        (pair[0], pair[1]) = (a, b);
        vm.expectRevert(abi.encodeWithSelector(BridgeVault.InvalidThreshold.selector, 0, 2));
        vault.setRelayers(pair, 0);
        vm.expectRevert(abi.encodeWithSelector(BridgeVault.InvalidThreshold.selector, 3, 2));
        vault.setRelayers(pair, 3);
        vm.expectRevert(abi.encodeWithSelector(BridgeVault.InvalidThreshold.selector, 1, 0));
        vault.setRelayers(new address[](0), 1);

        address[] memory tooMany = new address[](17);
        vm.expectRevert(abi.encodeWithSelector(BridgeVault.TooManyRelayers.selector, 17, 16));
        vault.setRelayers(tooMany, 1);
        vm.stopPrank();

        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, stranger, adminRole)
        );
        vm.prank(stranger);
        vault.setRelayers(pair, 1);
    }

    function test_pauseByPauser_unpauseByAdmin() public {
        vm.expectEmit(address(vault));
        emit Pausable.Paused(pauser);
        _pause();
        vm.assertTrue(vault.paused());

        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, pauser, adminRole)
        );
        vm.prank(pauser);
        vault.unpause();

        vm.expectEmit(address(vault));
        emit Pausable.Unpaused(admin);
        vm.prank(admin);
        vault.unpause();
        vm.assertFalse(vault.paused());
    }

    function test_pause_requiresPauserRole() public {
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, admin, pauserRole)
        );
        vm.prank(admin);
        vault.pause();
    }

    // ------------------------------------------------------------ lock

    function test_lock_pullsTokensAssignsNonceAndEmits() public {
        vm.expectEmit(address(vault));
        emit BridgeVault.Locked(0, address(usdt), user, 100e6, DEST_CHAIN, recipient);
        vm.prank(user);
        uint256 nonce = vault.lock(address(usdt), 100e6, DEST_CHAIN, recipient);

        vm.assertEq(nonce, 0);
        vm.assertEq(usdt.balanceOf(user), 900e6);
        vm.assertEq(usdt.balanceOf(address(vault)), LIQUIDITY + 100e6);

        vm.expectEmit(address(vault));
        emit BridgeVault.Locked(1, address(usdt), user, 5e6, DEST_CHAIN, recipient);
        vm.prank(user);
        vm.assertEq(vault.lock(address(usdt), 5e6, DEST_CHAIN, recipient), 1);
        vm.assertEq(vault.lockNonce(), 2);
    }

    function test_lock_validatesInput() public {
        vm.startPrank(user);
        vm.expectRevert(abi.encodeWithSelector(BridgeVault.TokenNotAllowed.selector, stranger));
        vault.lock(stranger, 1, DEST_CHAIN, recipient);
        vm.expectRevert(BridgeVault.ZeroAmount.selector);
        vault.lock(address(usdt), 0, DEST_CHAIN, recipient);
        vm.expectRevert(BridgeVault.ZeroAddress.selector);
        vault.lock(address(usdt), 1, DEST_CHAIN, address(0));
        vm.expectRevert(abi.encodeWithSelector(BridgeVault.UnsupportedDestinationChain.selector, 137));
        vault.lock(address(usdt), 1, 137, recipient);
        vm.stopPrank();
    }

    function test_lock_revertsWhenPaused() public {
        _pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(user);
        vault.lock(address(usdt), 1, DEST_CHAIN, recipient);
    }

    function test_lock_refusesFeeOnTransferToken() public {
        FeeOnTransferToken fee = new FeeOnTransferToken(100);
        fee.mint(user, 1_000e6);
        vm.prank(admin);
        vault.setTokenLimit(address(fee), LIMIT);

        vm.startPrank(user);
        fee.approve(address(vault), 100e6);
        vm.expectRevert(abi.encodeWithSelector(BridgeVault.UnexpectedAmountReceived.selector, 100e6, 99e6));
        vault.lock(address(fee), 100e6, DEST_CHAIN, recipient);
        vm.stopPrank();
        vm.assertEq(vault.lockNonce(), 0);
    }

    // ------------------------------------------------------------ release

    function test_release_withThresholdSignatures() public {
        bytes32 id = _digest(TX, 250e6);
        vm.expectEmit(address(vault));
        emit BridgeVault.Released(id, address(usdt), recipient, 250e6, SOURCE_CHAIN, TX, LOG_INDEX);
        _release(TX, 250e6);

        vm.assertEq(usdt.balanceOf(recipient), 250e6);
        vm.assertEq(usdt.balanceOf(address(vault)), LIQUIDITY - 250e6);
        vm.assertTrue(vault.isReleased(id));
        vm.assertEq(vault.releasedOnDay(address(usdt), _today()), 250e6);
        vm.assertEq(vault.remainingToday(address(usdt)), LIMIT - 250e6);
    }

    function test_release_withMoreThanThresholdSignatures() public {
        uint256[] memory all = new uint256[](3);
        (all[0], all[1], all[2]) = (PK_A, PK_B, PK_C);
        _release(TX, 1e6, _sign(all, _digest(TX, 1e6)));
        vm.assertEq(usdt.balanceOf(recipient), 1e6);
    }

    function test_release_belowThresholdReverts() public {
        uint256[] memory one = new uint256[](1);
        one[0] = PK_A;
        bytes[] memory sigs = _sign(one, _digest(TX, 1e6));
        vm.expectRevert(abi.encodeWithSelector(BridgeVault.InsufficientSignatures.selector, 1, 2));
        _release(TX, 1e6, sigs);

        vm.expectRevert(abi.encodeWithSelector(BridgeVault.InsufficientSignatures.selector, 0, 2));
        _release(TX, 1e6, new bytes[](0));
    }

    function test_release_duplicateSignerReverts() public {
        bytes[] memory sigs = _sign(_keys(PK_A, PK_B), _digest(TX, 1e6));
        sigs[1] = sigs[0];
        address first = ECDSA.recover(_digest(TX, 1e6), sigs[0]);
        vm.expectRevert(abi.encodeWithSelector(BridgeVault.SignersNotAscending.selector, first));
        _release(TX, 1e6, sigs);
    }

    function test_release_unsortedSignersRevert() public {
        bytes32 digest = _digest(TX, 1e6);
        bytes[] memory sigs = _sign(_keys(PK_A, PK_B), digest);
        (sigs[0], sigs[1]) = (sigs[1], sigs[0]);
        address lower = ECDSA.recover(digest, sigs[1]);
        vm.expectRevert(abi.encodeWithSelector(BridgeVault.SignersNotAscending.selector, lower));
        _release(TX, 1e6, sigs);
    }

    function test_release_nonRelayerSignatureReverts() public {
        bytes[] memory sigs = _sign(_keys(PK_A, PK_STRANGER), _digest(TX, 1e6));
        vm.expectRevert(abi.encodeWithSelector(BridgeVault.NotRelayer.selector, vm.addr(PK_STRANGER)));
        _release(TX, 1e6, sigs);
    }

    function test_release_rejectsMalformedAndMalleableSignatures() public {
        bytes32 digest = _digest(TX, 1e6);
        bytes[] memory sigs = _sign(_keys(PK_A, PK_B), digest);

        // The same signature with s' = n - s and the other v recovers the same signer.
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(PK_A, digest);
        uint256 n = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141;
        bytes32 highS = bytes32(n - uint256(s));
        sigs[vm.addr(PK_A) < vm.addr(PK_B) ? 0 : 1] = abi.encodePacked(r, highS, v == 27 ? uint8(28) : uint8(27));
        vm.expectRevert(abi.encodeWithSelector(ECDSA.ECDSAInvalidSignatureS.selector, highS));
        _release(TX, 1e6, sigs);

        sigs[0] = abi.encodePacked(r, s);
        vm.expectRevert(abi.encodeWithSelector(ECDSA.ECDSAInvalidSignatureLength.selector, 64));
        _release(TX, 1e6, sigs);
    }

    function test_release_sameTransferTwiceReverts() public {
        _release(TX, 1e6);
        bytes32 id = _digest(TX, 1e6);
        bytes[] memory sigs = _sign(_keys(PK_B, PK_C), id);
        vm.expectRevert(abi.encodeWithSelector(BridgeVault.AlreadyReleased.selector, id));
        _release(TX, 1e6, sigs);
    }

    function test_release_sameLockEventUnderOtherTermsReverts() public {
        _release(TX, 1e6);
        bytes[] memory sigs = _sign(_keys(PK_A, PK_B), _digest(TX, 2e6)); // quorum signs again, other amount
        vm.expectRevert(
            abi.encodeWithSelector(BridgeVault.SourceEventAlreadyReleased.selector, SOURCE_CHAIN, TX, LOG_INDEX)
        );
        _release(TX, 2e6, sigs);
    }

    function test_release_fromOwnChainReverts() public {
        bytes32 digest = vault.releaseDigest(block.chainid, TX, LOG_INDEX, recipient, address(usdt), 1e6);
        bytes[] memory sigs = _sign(_keys(PK_A, PK_B), digest);
        vm.expectRevert(abi.encodeWithSelector(BridgeVault.InvalidChainId.selector, block.chainid));
        vault.release(block.chainid, TX, LOG_INDEX, recipient, address(usdt), 1e6, sigs);
    }

    function test_release_rejectsSignaturesForAnotherChain() public {
        uint256 home = block.chainid;
        vm.chainId(10);
        bytes[] memory sigs = _sign(_keys(PK_A, PK_B), _digest(TX, 1e6));
        vm.chainId(home);

        address recovered = ECDSA.recover(_digest(TX, 1e6), sigs[0]);
        vm.expectRevert(abi.encodeWithSelector(BridgeVault.NotRelayer.selector, recovered));
        _release(TX, 1e6, sigs);
    }

    function test_release_rejectsSignaturesForAnotherVault() public {
        BridgeVault other = new BridgeVault(admin);
        bytes32 otherDigest = other.releaseDigest(SOURCE_CHAIN, TX, LOG_INDEX, recipient, address(usdt), 1e6);
        bytes[] memory sigs = _sign(_keys(PK_A, PK_B), otherDigest);

        address recovered = ECDSA.recover(_digest(TX, 1e6), sigs[0]);
        vm.expectRevert(abi.encodeWithSelector(BridgeVault.NotRelayer.selector, recovered));
        _release(TX, 1e6, sigs);
    }

    function test_release_dailyLimitEnforcedAndResetsNextDay() public {
        _release(keccak256("tx1"), LIMIT - 10);

        bytes32 tx2 = keccak256("tx2");
        bytes[] memory sigs = _sign(_keys(PK_A, PK_B), _digest(tx2, 11));
        vm.expectRevert(abi.encodeWithSelector(BridgeVault.DailyLimitExceeded.selector, address(usdt), _today(), 10));
        _release(tx2, 11, sigs);

        _release(keccak256("tx3"), 10);
        vm.assertEq(vault.remainingToday(address(usdt)), 0);

        vm.warp((_today() + 1) * 1 days);
        vm.assertEq(vault.remainingToday(address(usdt)), LIMIT);
        _release(tx2, 11, sigs);
        vm.assertEq(vault.releasedOnDay(address(usdt), _today()), 11);
    }

    function test_release_limitLoweredBelowReleasedLeavesNothing() public {
        _release(TX, 600_000e6);
        vm.prank(admin);
        vault.setTokenLimit(address(usdt), 500_000e6);
        vm.assertEq(vault.remainingToday(address(usdt)), 0);

        bytes32 tx2 = keccak256("tx2");
        bytes[] memory sigs = _sign(_keys(PK_A, PK_B), _digest(tx2, 1));
        vm.expectRevert(abi.encodeWithSelector(BridgeVault.DailyLimitExceeded.selector, address(usdt), _today(), 0));
        _release(tx2, 1, sigs);
    }

    function test_release_disallowedTokenHasNoLimit() public {
        vm.prank(admin);
        vault.setTokenLimit(address(usdt), 0);
        bytes[] memory sigs = _sign(_keys(PK_A, PK_B), _digest(TX, 1e6));
        vm.expectRevert(abi.encodeWithSelector(BridgeVault.DailyLimitExceeded.selector, address(usdt), _today(), 0));
        _release(TX, 1e6, sigs);
    }

    function test_release_replacedRelayersNoLongerCount() public {
        bytes32 digest = _digest(TX, 1e6);
        bytes[] memory oldSigs = _sign(_keys(PK_A, PK_B), digest);

        vm.prank(admin);
        vault.setRelayers(_addresses(_keys(PK_C, PK_D)), 2);

        address firstOld = ECDSA.recover(digest, oldSigs[0]);
        vm.expectRevert(abi.encodeWithSelector(BridgeVault.NotRelayer.selector, firstOld));
        _release(TX, 1e6, oldSigs);

        _release(TX, 1e6, _sign(_keys(PK_C, PK_D), digest));
        vm.assertTrue(vault.isReleased(digest));
    }

    function test_release_revertsWhenPaused() public {
        bytes[] memory sigs = _sign(_keys(PK_A, PK_B), _digest(TX, 1e6));
        _pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        _release(TX, 1e6, sigs);
    }

    function test_release_revertsBeforeRelayersAreSet() public {
        BridgeVault fresh = new BridgeVault(admin);
        vm.prank(admin);
        fresh.setTokenLimit(address(usdt), LIMIT);
        vm.expectRevert(BridgeVault.RelayersNotSet.selector);
        fresh.release(SOURCE_CHAIN, TX, LOG_INDEX, recipient, address(usdt), 1e6, new bytes[](0));
    }

    function test_release_withoutLiquidityRevertsAndCanBeRetried() public {
        vm.prank(admin);
        vault.setTokenLimit(address(usdt), type(uint256).max);
        bytes[] memory sigs = _sign(_keys(PK_A, PK_B), _digest(TX, LIQUIDITY + 1));
        vm.expectRevert(
            abi.encodeWithSelector(
                IERC20Errors.ERC20InsufficientBalance.selector, address(vault), LIQUIDITY, LIQUIDITY + 1
            )
        );
        _release(TX, LIQUIDITY + 1, sigs);
        vm.assertFalse(vault.isReleased(_digest(TX, LIQUIDITY + 1)));

        usdt.mint(address(vault), 1);
        _release(TX, LIQUIDITY + 1, sigs);
        vm.assertEq(usdt.balanceOf(address(vault)), 0);
    }

    // ------------------------------------------------------------ views

    function test_releaseDigest_isTheEip712TypedDataHash() public view {
        bytes32 domain = keccak256(
            abi.encode(
                keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
                keccak256("StablePay Bridge"),
                keccak256("1"),
                block.chainid,
                address(vault)
            )
        );
        bytes32 structHash = keccak256(
            abi.encode(
                keccak256(
                    "Release(uint256 sourceChainId,bytes32 sourceTxHash,uint256 logIndex,address recipient,address token,uint256 amount)"
                ),
                SOURCE_CHAIN,
                TX,
                LOG_INDEX,
                recipient,
                address(usdt),
                1e6
            )
        );
        vm.assertEq(_digest(TX, 1e6), keccak256(abi.encodePacked("\x19\x01", domain, structHash)));
    }

    function test_getRelayersAndThreshold() public view {
        address[] memory relayers = vault.getRelayers();
        vm.assertEq(relayers.length, 3);
        vm.assertEq(relayers[0], vm.addr(PK_A));
        vm.assertEq(relayers[1], vm.addr(PK_B));
        vm.assertEq(relayers[2], vm.addr(PK_C));
        vm.assertEq(vault.threshold(), 2);
        vm.assertEq(vault.relayerSetVersion(), 1);
    }

    // ------------------------------------------------------------ liquidity

    function test_withdrawLiquidity_whilePaused() public {
        _pause();
        vm.expectEmit(address(vault));
        emit BridgeVault.LiquidityWithdrawn(address(usdt), admin, 1_000e6);
        vm.prank(admin);
        vault.withdrawLiquidity(address(usdt), admin, 1_000e6);
        vm.assertEq(usdt.balanceOf(admin), 1_000e6);
        vm.assertEq(usdt.balanceOf(address(vault)), LIQUIDITY - 1_000e6);
    }

    function test_withdrawLiquidity_reverts() public {
        vm.expectRevert(Pausable.ExpectedPause.selector);
        vm.prank(admin);
        vault.withdrawLiquidity(address(usdt), admin, 1);

        _pause();
        vm.expectRevert(BridgeVault.ZeroAddress.selector);
        vm.prank(admin);
        vault.withdrawLiquidity(address(usdt), address(0), 1);

        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, pauser, adminRole)
        );
        vm.prank(pauser);
        vault.withdrawLiquidity(address(usdt), pauser, 1);
    }

    // ------------------------------------------------------------ fuzz

    function testFuzz_release_neverExceedsDailyLimit(uint256 first, uint256 second) public {
        first = bound(first, 1, LIMIT);
        second = bound(second, 1, LIMIT);
        _release(keccak256("tx1"), first);

        bytes32 tx2 = keccak256("tx2");
        bytes[] memory sigs = _sign(_keys(PK_A, PK_C), _digest(tx2, second));
        if (first + second > LIMIT) {
            vm.expectRevert(
                abi.encodeWithSelector(BridgeVault.DailyLimitExceeded.selector, address(usdt), _today(), LIMIT - first)
            );
            _release(tx2, second, sigs);
            vm.assertEq(vault.releasedOnDay(address(usdt), _today()), first);
        } else {
            _release(tx2, second, sigs);
            vm.assertEq(vault.releasedOnDay(address(usdt), _today()), first + second);
        }
        vm.assertLe(vault.releasedOnDay(address(usdt), _today()), LIMIT);
    }

    function testFuzz_lock_movesExactlyTheAmount(uint256 amount) public {
        amount = bound(amount, 1, usdt.balanceOf(user));
        vm.prank(user);
        vault.lock(address(usdt), amount, DEST_CHAIN, recipient);
        vm.assertEq(usdt.balanceOf(address(vault)), LIQUIDITY + amount);
        vm.assertEq(usdt.balanceOf(user), 1_000e6 - amount);
    }
}

/// @notice Drives the vault with random locks, validly signed releases, replays of released
///         transfers and time jumps across days, keeping ghost totals of what moved.
contract BridgeVaultHandler is RelayerKeys {
    struct Transfer {
        bytes32 sourceTxHash;
        address token;
        uint256 amount;
    }

    BridgeVault internal immutable vault;
    TestStablecoin[] internal tokens;
    address internal constant RECIPIENT = address(0xBEEF);

    uint256 public currentTime;
    uint256 internal txCounter;

    mapping(address token => uint256) public lockedIn;
    mapping(address token => uint256) public releasedOut;
    mapping(address token => mapping(uint256 day => uint256)) public ghostReleasedOnDay;
    mapping(bytes32 transferId => uint256) public releaseCount;
    bytes32[] public transferIds;
    Transfer[] internal transfers;
    uint256[] public releaseDays;
    mapping(uint256 day => bool) internal daySeen;

    constructor(BridgeVault vault_, TestStablecoin[] memory tokens_) {
        vault = vault_;
        tokens = tokens_;
        currentTime = block.timestamp;
        for (uint256 i; i < tokens_.length; ++i) {
            tokens_[i].approve(address(vault_), type(uint256).max);
        }
    }

    function lock(uint256 tokenSeed, uint256 amount) external {
        vm.warp(currentTime);
        TestStablecoin token = tokens[tokenSeed % tokens.length];
        amount = bound(amount, 1, token.balanceOf(address(this)) / 1_000);
        vault.lock(address(token), amount, DEST_CHAIN, RECIPIENT);
        lockedIn[address(token)] += amount;
    }

    function release(uint256 tokenSeed, uint256 amount, uint256 signerSeed) external {
        vm.warp(currentTime);
        TestStablecoin token = tokens[tokenSeed % tokens.length];
        amount = bound(amount, 1, vault.dailyLimit(address(token)));
        Transfer memory t = Transfer(keccak256(abi.encode("tx", ++txCounter)), address(token), amount);
        if (_release(t, signerSeed)) transfers.push(t);
    }

    function replay(uint256 index, uint256 signerSeed) external {
        if (transfers.length == 0) return;
        vm.warp(currentTime);
        _release(transfers[index % transfers.length], signerSeed);
    }

    function skipTime(uint256 secs) external {
        currentTime += bound(secs, 1 hours, 2 days);
        vm.warp(currentTime);
    }

    function transferCount() external view returns (uint256) {
        return transferIds.length;
    }

    function releaseDayCount() external view returns (uint256) {
        return releaseDays.length;
    }

    /// @dev Releases `t` signed by 2 of the 3 relayers; books it only if the vault accepted it.
    function _release(Transfer memory t, uint256 signerSeed) internal returns (bool ok) {
        uint256[3] memory all = [PK_A, PK_B, PK_C];
        uint256 skip = signerSeed % 3;
        uint256[] memory pks = _keys(all[(skip + 1) % 3], all[(skip + 2) % 3]);
        bytes32 id = vault.releaseDigest(SOURCE_CHAIN, t.sourceTxHash, 0, RECIPIENT, t.token, t.amount);
        try vault.release(SOURCE_CHAIN, t.sourceTxHash, 0, RECIPIENT, t.token, t.amount, _sign(pks, id)) {
            uint256 day = block.timestamp / 1 days;
            if (!daySeen[day]) {
                daySeen[day] = true;
                releaseDays.push(day);
            }
            if (releaseCount[id]++ == 0) transferIds.push(id);
            releasedOut[t.token] += t.amount;
            ghostReleasedOnDay[t.token][day] += t.amount;
            return true;
        } catch {
            return false;
        }
    }
}

contract BridgeVaultInvariantTest is RelayerKeys {
    uint256 internal constant SEED = 20_000_000;

    BridgeVault internal vault;
    BridgeVaultHandler internal handler;
    TestStablecoin[] internal tokens;

    function setUp() public {
        vm.warp(1_700_000_000);
        address admin = makeAddr("admin");
        vault = new BridgeVault(admin);
        tokens.push(new TestStablecoin("Tether USD", "USDT", 6));
        tokens.push(new TestStablecoin("Dai Stablecoin", "DAI", 18));
        handler = new BridgeVaultHandler(vault, tokens);

        address[] memory relayers = new address[](3);
        (relayers[0], relayers[1], relayers[2]) = (vm.addr(PK_A), vm.addr(PK_B), vm.addr(PK_C));
        vm.startPrank(admin);
        vault.setRelayers(relayers, 2);
        vault.setDestinationChain(DEST_CHAIN, true);
        for (uint256 i; i < tokens.length; ++i) {
            uint256 unit = 10 ** tokens[i].decimals();
            vault.setTokenLimit(address(tokens[i]), (i + 1) * 1_000_000 * unit);
        }
        vm.stopPrank();
        for (uint256 i; i < tokens.length; ++i) {
            uint256 unit = 10 ** tokens[i].decimals();
            tokens[i].mint(address(vault), SEED * unit);
            tokens[i].mint(address(handler), 1_000_000_000 * unit);
        }
        targetContract(address(handler));
    }

    function invariant_releasedPerTokenPerDayWithinLimit() public view {
        for (uint256 i; i < tokens.length; ++i) {
            address token = address(tokens[i]);
            for (uint256 d; d < handler.releaseDayCount(); ++d) {
                uint256 day = handler.releaseDays(d);
                uint256 released = vault.releasedOnDay(token, day);
                vm.assertLe(released, vault.dailyLimit(token), "over the daily limit");
                vm.assertEq(released, handler.ghostReleasedOnDay(token, day), "day total drifted");
            }
        }
    }

    function invariant_eachTransferReleasedAtMostOnce() public view {
        for (uint256 i; i < handler.transferCount(); ++i) {
            bytes32 id = handler.transferIds(i);
            vm.assertEq(handler.releaseCount(id), 1, "released twice");
            vm.assertTrue(vault.isReleased(id), "not marked released");
        }
    }

    function invariant_balanceIsSeedPlusLockedMinusReleased() public view {
        for (uint256 i; i < tokens.length; ++i) {
            address token = address(tokens[i]);
            uint256 expected = SEED * 10 ** tokens[i].decimals() + handler.lockedIn(token) - handler.releasedOut(token);
            vm.assertEq(tokens[i].balanceOf(address(vault)), expected, "vault balance drifted");
        }
    }
}
