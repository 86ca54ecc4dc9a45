package io.trailkeeper.emulator;

import io.trailkeeper.events.ErrorCode;
import io.trailkeeper.events.TrailKeeperException;
import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * An AWS account on 127.0.0.1: an HTTP server that answers CloudTrail (JSON 1.1), EC2 DescribeRegions
 * (ec2 query), STS (query), and what an audit reads (IAM, KMS, CloudWatch Logs, CloudWatch, EventBridge, S3
 * bucket configuration, S3 Control's public access block) from a {@link Scenario}, well enough for the real AWS SDK v2 clients
 * ({@code endpointOverride(emulator.endpoint())}) and the AWS CLI ({@code --endpoint-url}).
 *
 * <p>One endpoint serves every region and service: each request's region and service are read from its
 * SigV4 credential scope. Signatures are not checked. The emulator enforces what a collector must be built
 * around (LookupEvents' page size, paging, one attribute, the 90-day window, the per-region rate), refuses
 * regions that are not enabled as AWS does, and injects faults on request ({@link Faults}).
 *
 * <p>Thread-safe. Close it to free the port and its threads.
 */
public final class Emulator implements AutoCloseable {
    private final Scenario scenario;
    private final Clock clock;
    private final EmulatorCounters counters = new EmulatorCounters();
    private final FaultInjector faults;
    private final Throttle throttle;
    private final StsApi sts;
    private final WireServer server;
    private final CountDownLatch closed = new CountDownLatch(1);

    private Emulator(EmulatorConfig config) throws IOException {
        this.scenario = config.scenario();
        this.clock = config.effectiveClock();
        this.faults = new FaultInjector(config.faults());
        this.throttle = new Throttle(config.effectiveLookupRate(), System::nanoTime);
        this.sts = new StsApi(scenario, Clock.systemUTC());
        LookupEvents lookupEvents = new LookupEvents(scenario.history(), new PageTokens(scenario.account()), clock,
                counters, config.lookupPaging(), config.lookupRefusals(), config.lookupDelays());
        CloudTrailApi cloudTrail = new CloudTrailApi(scenario, lookupEvents, new TrailsApi(scenario, clock), throttle,
                sts, counters);
        Map<String, RequestRouter.Service> services = new HashMap<>();
        services.put("cloudtrail", cloudTrail::handle);
        services.put("ec2", new Ec2Api(scenario)::handle);
        services.put("sts", sts::handle);
        services.put("iam", new IamApi(scenario, sts)::handle);
        services.put("kms", new KmsApi(scenario, sts)::handle);
        services.put("logs", new LogsApi(scenario)::handle);
        services.put("monitoring", new CloudWatchApi(scenario)::handle);
        services.put("events", new EventBridgeApi(scenario)::handle);
        services.put("organizations", new OrganizationsApi(scenario, sts)::handle);
        S3Api s3 = new S3Api(scenario);
        S3ControlApi s3Control = new S3ControlApi(scenario);
        // S3 Control signs as s3 too; its paths start with its API version
        services.put("s3", call -> call.path().startsWith(S3ControlApi.PREFIX) ? s3Control.handle(call) : s3.handle(call));
        config.unserved().forEach(services::remove);
        RequestRouter router = new RequestRouter(scenario, counters, faults, services);
        this.server = new WireServer(config.port(), router);
    }

    /**
     * Starts serving at once; the endpoint is ready when this returns.
     *
     * @throws TrailKeeperException when the port cannot be bound (in use, or not allowed)
     */
    public static Emulator start(EmulatorConfig config) {
        try {
            return new Emulator(config);
        } catch (BindException e) {
            throw new TrailKeeperException(ErrorCode.USAGE, "the emulator cannot listen on 127.0.0.1:" + config.port()
                    + " (" + e.getMessage() + ")", "choose another port, or 0 for any free one");
        } catch (IOException e) {
            throw new TrailKeeperException(ErrorCode.INTERNAL, "the emulator could not open its server socket: "
                    + e.getMessage(), null, e);
        }
    }

    /** {@code http://127.0.0.1:PORT}: the endpoint override for every client, whatever its region or service. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    public int port() {
        return server.port();
    }

    public Scenario scenario() {
        return scenario;
    }

    /** The clock the emulator serves by ("now" of the 90-day window). */
    public Clock clock() {
        return clock;
    }

    public EmulatorCounters counters() {
        return counters;
    }

    public Faults faults() {
        return faults.get();
    }

    /** Replaces the faults while running; the random sequence restarts from the new faults' seed. */
    public void faults(Faults newFaults) {
        faults.set(newFaults);
    }

    /** The LookupEvents rate in force (calls per second per region; 0 for none). */
    public double lookupRatePerSecond() {
        return throttle.rate();
    }

    /** Changes the LookupEvents rate while running (0 turns throttling off); every region's bucket starts full. */
    public void lookupRatePerSecond(double perSecond) {
        throttle.rate(perSecond);
    }

    /** Every AssumeRole call answered so far, refused ones included, in order. */
    public List<AssumeRoleCall> assumeRoleCalls() {
        return sts.calls();
    }

    /** Blocks until {@link #close()} is called, e.g. from a shutdown hook: for a command that only serves. */
    public void awaitClose() throws InterruptedException {
        closed.await();
    }

    /** Stops the server: open connections are dropped, the port is freed. Closing twice does nothing more. */
    @Override
    public void close() {
        server.close();
        closed.countDown();
    }

    @Override
    public String toString() {
        return "Emulator[" + endpoint() + ", account " + scenario.account() + ", " + scenario.eventCount() + " events]";
    }
}
