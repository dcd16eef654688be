using Venice.Core.Reporting;
using Venice.Sim.Scenarios;
using Venice.Sim.Model;

namespace Venice.Sim.Tests.Scenarios;

public sealed class A_valid_scenario
{
    [Test]
    public void The_design_example_parses_into_the_model()
    {
        var scenario = Load(ScenarioTexts.DesignExample);

        Assert.Multiple(() =>
        {
            Assert.That(scenario.Name, Is.EqualTo("leader-crash-mid-push"));
            Assert.That(scenario.Description, Does.StartWith("The leader of partition 0"));
            Assert.That(scenario.Seed, Is.EqualTo(7));
            Assert.That(scenario.Cluster, Is.EqualTo(new ClusterSpec(3, 4, 3)));
            Assert.That(scenario.Store.Name, Is.EqualTo("orders"));
            Assert.That(scenario.Store.Kind, Is.EqualTo(StoreKind.Hybrid));
            Assert.That(scenario.Store.Push, Is.EqualTo(new PushSpec(2000, 500, 100)));
            Assert.That(scenario.Store.Realtime, Is.EqualTo(new RealtimeSpec(1000, 200, 300, 100)));
            Assert.That(scenario.Config, Is.EqualTo(new[] { new KeyValuePair<string, string>("checksum", "adhash") }));
            Assert.That(scenario.Random, Is.EqualTo(new RandomFaultSpec(2, 1, 1, 1)));
            Assert.That(scenario.Defects, Is.Empty);
            Assert.That(scenario.Phases, Is.EqualTo(new PhasesSpec(60_000, 600_000)));
            Assert.That(scenario.Expect.VersionStatus, Is.EqualTo("ONLINE"));
            Assert.That(scenario.Expect.Violations, Is.Empty);
            Assert.That(scenario.SourcePath, Is.EqualTo("scenarios/x.yaml"));
        });
    }

    [Test]
    public void Faults_are_sorted_by_time_and_remember_where_they_were_written()
    {
        var faults = Load(ScenarioTexts.DesignExample).Faults;

        static TimeSpan seconds(int s) => TimeSpan.FromSeconds(s);
        Assert.That(faults.Select(fault => ((AtTime)fault.Fault.Trigger).Time), Is.EqualTo(new[] { seconds(4), seconds(5), seconds(6), seconds(7), seconds(8), seconds(10) }));
        Assert.That(faults[0], Is.EqualTo(new ScenarioFault(Fault.Crash(1).At(seconds(4)), 12, 5)));
        Assert.That(faults[1], Is.EqualTo(new ScenarioFault(Fault.LoseRecord("orders", 0).At(seconds(5)), 17, 5)));
        Assert.That(faults[3], Is.EqualTo(new ScenarioFault(Fault.Isolate(0, seconds(3)).At(seconds(7)), 15, 5)));
        Assert.That(faults[4], Is.EqualTo(new ScenarioFault(Fault.Pause(2, seconds(20)).At(seconds(8)), 16, 5)));
    }

    [Test]
    public void A_schedule_section_parses_into_the_decisions_the_world_is_run_with()
    {
        var scenario = Load(ScenarioTexts.MinimalWith("""
            schedule:
              - { step: 0, choose: 1 }
              - { step: 17, choose: 3 }

            """));

        Assert.That(scenario.Schedule, Is.EqualTo(new ScheduleDecision[] { new(0, 1), new(17, 3) }));
        Assert.That(scenario.ToSpec().Schedule, Is.EqualTo(scenario.Schedule));
        Assert.That(Load(ScenarioTexts.Minimal).Schedule, Is.Null, "without schedule: the seeded scheduler chooses");
        Assert.That(Load(ScenarioTexts.MinimalWith("schedule: []\n")).Schedule, Is.Empty, "an empty schedule is the canonical order");
    }

    [Test]
    public void Optional_sections_take_their_documented_defaults()
    {
        var scenario = Load(ScenarioTexts.Minimal);

        Assert.Multiple(() =>
        {
            Assert.That(scenario.Seed, Is.EqualTo(1));
            Assert.That(scenario.Store.Realtime, Is.Null);
            Assert.That(scenario.Config, Is.Empty);
            Assert.That(scenario.Faults, Is.Empty);
            Assert.That(scenario.Random, Is.EqualTo(RandomFaultSpec.None));
            Assert.That(scenario.Defects, Is.Empty);
            Assert.That(scenario.Phases, Is.EqualTo(PhasesSpec.Default));
            Assert.That(scenario.Expect.VersionStatus, Is.EqualTo("ONLINE"));
            Assert.That(scenario.Expect.Violations, Is.Empty);
        });
    }

    [Test]
    public void Every_fault_kind_maps_onto_its_fault()
    {
        var scenario = Load(ScenarioTexts.MinimalWith("""
            faults:
              - { at: 250ms, failProduce: { topic: version, partition: 1, for: 2s } }
              - { at: 300ms, failProduce: { topic: version, partition: 0 } }
              - { at: 1s, delayTransitions: { for: 5s } }
              - { at: 2s, moveLeader: { partition: 1 } }
              - { at: 1m, corruptRecord: { topic: version, partition: 0 } }

            """));

        static TimeSpan ms(int m) => TimeSpan.FromMilliseconds(m);
        Assert.That(scenario.Faults.Select(fault => fault.Fault), Is.EqualTo(new[]
        {
            Fault.DuplicateRecord("orders", 1, TopicKind.Version, ms(2000)).At(ms(250)),
            Fault.DuplicateRecord("orders", 0).At(ms(300)),
            Fault.DelayTransitions(ms(5000)).At(ms(1000)),
            Fault.MoveLeader("orders", 1).At(ms(2000)),
            Fault.CorruptRecord("orders", 0).At(ms(60_000)),
        }));
    }

    [Test]
    public void A_fault_may_fire_at_a_milestone_after_a_delay_at_a_server_chosen_by_its_role()
    {
        var scenario = Load(ScenarioTexts.MinimalWith("""
            faults:
              - { when: { endOfPushConsumed: { partition: 1, role: leader } }, after: 200ms, crash: { leader: 1 } }
              - { when: { versionStatusChanged: { status: ONLINE, occurrence: 2 } }, expireSession: { follower: 0 } }
              - { at: 1s, reorderTransitions: { for: 2s } }
              - { at: 3s, heal }

            """));

        Assert.That(scenario.Faults.Select(fault => fault.Fault), Is.EqualTo(new[]
        {
            Fault.ReorderTransitions(TimeSpan.FromSeconds(2)).At(TimeSpan.FromSeconds(1)),
            Fault.Heal().At(TimeSpan.FromSeconds(3)),
            Fault.Crash(ServerTarget.LeaderOf("orders", 1)).When(Milestone.EndOfPushConsumed("orders", 1, ReplicaRole.Leader), TimeSpan.FromMilliseconds(200)),
            Fault.ExpireSession(ServerTarget.FollowerOf("orders", 0)).When(Milestone.VersionStatusChanged("orders", VersionStatus.ONLINE).Nth(2)),
        }));
    }

    [Test]
    public void Defects_and_expected_violations_are_kept_in_file_order()
    {
        var scenario = Load(ScenarioTexts.MinimalWith("""
            defects: [keep-cv-on-drop, promote-without-wait]
            expect: { versionStatus: ERROR, violations: [view-consistency, single-leader-writer] }

            """));

        Assert.That(scenario.Defects, Is.EqualTo(new[] { "keep-cv-on-drop", "promote-without-wait" }));
        Assert.That(scenario.Expect, Has.Property("VersionStatus").EqualTo("ERROR"));
        Assert.That(scenario.Expect.Violations, Is.EqualTo(new[] { "view-consistency", "single-leader-writer" }));
    }

    [Test]
    public void Config_keeps_its_options_in_file_order_as_strings()
    {
        var scenario = Load(ScenarioTexts.MinimalWith("config: { zeta: 1, alpha: true, checksum: adhash }\n"));

        Assert.That(scenario.Config.Select(option => $"{option.Key}={option.Value}"), Is.EqualTo(new[] { "zeta=1", "alpha=true", "checksum=adhash" }));
    }

    [Test]
    public void Config_options_are_accepted_when_the_engine_knows_them()
    {
        var options = new ScenarioLoadOptions { KnownConfigOptions = new HashSet<string> { "checksum" } };

        var result = ScenarioLoader.Parse(ScenarioTexts.MinimalWith("config: { checksum: md5 }\n"), "x.yaml", options);

        Assert.That(result.Succeeded, Is.True, () => result.Error!.ToString());
    }

    [Test]
    public void Load_reads_a_file_and_records_its_path()
    {
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, "loader-minimal.yaml");
        File.WriteAllText(path, ScenarioTexts.Minimal);

        var result = ScenarioLoader.Load(path);

        Assert.That(result.Scenario?.SourcePath, Is.EqualTo(path));
    }

    private static Scenario Load(string text)
    {
        var result = ScenarioLoader.Parse(text, "scenarios/x.yaml");
        Assert.That(result.Error, Is.Null, () => result.Error!.ToString());
        return result.Scenario!;
    }
}

public sealed class An_invalid_scenario
{
    [Test]
    public void An_unknown_key_names_its_line_column_and_the_keys_allowed_there()
    {
        const string text = """
            name: x
            description: d
            cluster:
              replicas: 3

            """;

        Assert.That(
            ErrorOf(text),
            Is.EqualTo("scenarios/x.yaml:4:3: unknown key 'replicas' in cluster; expected one of: servers, partitions, replicationFactor"));
    }

    [Test]
    public void An_unknown_top_level_key_is_rejected()
    {
        Assert.That(
            ErrorOf(ScenarioTexts.MinimalWith("replicas: 3\n")),
            Does.StartWith("scenarios/x.yaml:8:1: unknown key 'replicas' in the scenario; expected one of: name, description, seed,"));
    }

    [Test]
    public void A_duplicate_key_is_rejected_at_its_second_occurrence()
    {
        Assert.That(
            ErrorOf(ScenarioTexts.MinimalWith("seed: 1\nseed: 2\n")),
            Is.EqualTo("scenarios/x.yaml:9:1: duplicate key 'seed'; each key may appear only once in a mapping"));
    }

    [Test]
    public void Malformed_yaml_is_reported_at_the_parser_position()
    {
        Assert.That(ErrorOf("name: [unclosed\n"), Does.StartWith("scenarios/x.yaml:2:1: invalid YAML: "));
    }

    [Test]
    public void An_empty_file_says_what_a_scenario_needs()
    {
        Assert.That(ErrorOf(""), Does.StartWith("scenarios/x.yaml:1:1: the file is empty; expected a scenario mapping"));
    }

    [Test]
    public void A_second_yaml_document_is_rejected()
    {
        Assert.That(ErrorOf(ScenarioTexts.Minimal + "---\nname: other\n"), Does.StartWith("scenarios/x.yaml:9:1: a scenario file holds exactly one YAML document"));
    }

    [Test]
    public void A_missing_required_key_is_reported_at_its_mapping()
    {
        Assert.That(
            ErrorOf("name: x\ndescription: d\ncluster: { servers: 3, partitions: 2 }\n"),
            Is.EqualTo("scenarios/x.yaml:3:10: missing required key 'replicationFactor' in cluster"));
    }

    [Test]
    public void A_wrong_type_names_what_was_expected()
    {
        Assert.That(
            ErrorOf(ScenarioTexts.Minimal.Replace("servers: 3", "servers: three")),
            Is.EqualTo("scenarios/x.yaml:3:21: expected an integer for cluster.servers, got 'three'"));
    }

    [Test]
    public void A_quoted_number_is_a_string_not_an_integer()
    {
        Assert.That(
            ErrorOf(ScenarioTexts.MinimalWith("seed: \"7\"\n")),
            Is.EqualTo("scenarios/x.yaml:8:7: expected an integer for seed, got the quoted string \"7\"; write it without quotes"));
    }

    [Test]
    public void A_mapping_where_a_scalar_belongs_is_a_wrong_type()
    {
        Assert.That(
            ErrorOf(ScenarioTexts.Minimal.Replace("name: orders", "name: { a: 1 }")),
            Is.EqualTo("scenarios/x.yaml:5:9: expected a string for store.name, got a mapping"));
    }

    [TestCase("servers: 3", "servers: 0", "3:21: cluster.servers must be at least 1, got 0")]
    [TestCase("partitions: 2", "partitions: 0", "3:36: cluster.partitions must be at least 1, got 0")]
    [TestCase("replicationFactor: 2", "replicationFactor: 4", "3:58: cluster.replicationFactor (4) cannot exceed cluster.servers (3)")]
    [TestCase("replicationFactor: 2", "replicationFactor: 0", "3:58: cluster.replicationFactor must be at least 1, got 0")]
    [TestCase("keys: 5", "keys: 0", "7:30: store.push.keys must be at least 1, got 0")]
    [TestCase("records: 10", "records: -1", "7:20: store.push.records must be at least 0, got -1")]
    [TestCase("kind: batch", "kind: stream", "6:9: unknown value 'stream' for store.kind; expected one of: batch, hybrid")]
    [TestCase("name: minimal", "name: Minimal_One", "1:7: name 'Minimal_One' must be kebab-case")]
    public void An_out_of_range_value_is_reported_at_the_value(string original, string replacement, string expected)
    {
        var text = ScenarioTexts.Minimal.Replace(original, replacement);

        Assert.That(ErrorOf(text), Does.StartWith("scenarios/x.yaml:" + expected));
    }

    [Test]
    public void A_hybrid_store_needs_realtime()
    {
        Assert.That(
            ErrorOf(ScenarioTexts.Minimal.Replace("kind: batch", "kind: hybrid")),
            Does.StartWith("scenarios/x.yaml:5:3: a hybrid store needs store.realtime"));
    }

    [Test]
    public void A_batch_store_rejects_realtime()
    {
        var text = ScenarioTexts.Minimal + "  realtime: { records: 1, ratePerSecond: 1, keys: 1, valueBytes: 1 }\n";

        Assert.That(ErrorOf(text), Is.EqualTo("scenarios/x.yaml:8:3: store.realtime is only allowed for kind: hybrid (this store is batch)"));
    }

    [Test]
    public void A_realtime_rate_of_zero_is_rejected()
    {
        var text = ScenarioTexts.DesignExample.Replace("ratePerSecond: 200", "ratePerSecond: 0");

        Assert.That(ErrorOf(text), Is.EqualTo("scenarios/x.yaml:9:45: store.realtime.ratePerSecond must be at least 1, got 0"));
    }

    [TestCase("{ when: { endOfPush: { partition: 0 } }, crash: server-1 }", "9:15: unknown key 'endOfPush' in faults[0].when; expected one of: startOfPushWritten, endOfPushWritten,")]
    [TestCase("{ when: { endOfPushConsumed: { partition: 0, role: boss } }, crash: server-1 }", "9:56: unknown value 'boss' for faults[0].when.endOfPushConsumed.role; expected one of: leader, follower, any")]
    [TestCase("{ when: { endOfPushConsumed: { server: 0 } }, crash: server-1 }", "9:36: unknown key 'server' in faults[0].when.endOfPushConsumed; expected one of: partition, role, occurrence")]
    [TestCase("{ when: { topicSwitchConsumed: }, crash: server-1 }", "9:13: faults[0].when.topicSwitchConsumed: a batch store never consumes TOPIC_SWITCH")]
    [TestCase("{ at: 1s, when: { endOfPushWritten: }, crash: server-1 }", "9:15: faults[0] has both 'at' and 'when'")]
    [TestCase("{ at: 1s, after: 2s, crash: server-1 }", "9:15: faults[0]: 'after' is the delay after a milestone and needs 'when'")]
    [TestCase("{ crash: server-1 }", "9:5: faults[0] needs 'at' (a sim time) or 'when' (a milestone)")]
    [TestCase("{ at: 1s, crash: { leader: 5 } }", "9:32: faults[0].crash.leader must be at most 1, got 5")]
    [TestCase("{ at: 1s, crash: { boss: 0 } }", "9:24: unknown key 'boss' in faults[0].crash; expected one of: leader, follower")]
    [TestCase("{ at: 1s, heal: now }", "9:21: faults[0].heal takes no value, got 'now'")]
    [TestCase("{ at: 1s, reorderTransitions: { for: 0s } }", "9:42: faults[0].reorderTransitions.for must be longer than 0")]
    public void A_bad_milestone_or_role_fault_is_reported_where_it_is_written(string fault, string expected)
    {
        Assert.That(ErrorOf(ScenarioTexts.MinimalWith($"faults:\n  - {fault}\n")), Does.StartWith($"scenarios/x.yaml:{expected}"));
    }

    [Test]
    public void A_duration_without_unit_asks_for_one()
    {
        Assert.That(
            ErrorOf(ScenarioTexts.MinimalWith("faults:\n  - { at: 4, crash: server-1 }\n")),
            Is.EqualTo("scenarios/x.yaml:9:11: duration '4' for faults[0].at has no unit; write 4ms, 4s or 4m"));
    }

    [Test]
    public void A_duration_with_an_unknown_unit_is_rejected()
    {
        Assert.That(
            ErrorOf(ScenarioTexts.MinimalWith("phases: { settleWithin: 2h }\n")),
            Does.StartWith("scenarios/x.yaml:8:25: expected a duration for phases.settleWithin (a whole number with unit ms, s or m"));
    }

    [Test]
    public void A_fault_without_an_action_lists_the_actions()
    {
        Assert.That(
            ErrorOf(ScenarioTexts.MinimalWith("faults:\n  - { at: 4s }\n")),
            Does.StartWith("scenarios/x.yaml:9:5: faults[0] has no action; expected exactly one of: crash, restart, expireSession, pause, isolate,"));
    }

    [Test]
    public void A_fault_with_two_actions_points_at_the_second()
    {
        Assert.That(
            ErrorOf(ScenarioTexts.MinimalWith("faults:\n  - { at: 4s, crash: server-1, restart: server-1 }\n")),
            Is.EqualTo("scenarios/x.yaml:9:32: faults[0] has more than one action ('crash' and 'restart'); write one fault per list entry"));
    }

    [Test]
    public void A_server_outside_the_cluster_is_rejected()
    {
        Assert.That(
            ErrorOf(ScenarioTexts.MinimalWith("faults:\n  - { at: 4s, crash: server-3 }\n")),
            Is.EqualTo("scenarios/x.yaml:9:22: faults[0].crash: there is no server-3; the cluster has 3 server(s): server-0 .. server-2"));
    }

    [Test]
    public void A_malformed_server_name_is_rejected()
    {
        Assert.That(
            ErrorOf(ScenarioTexts.MinimalWith("faults:\n  - { at: 4s, crash: node1 }\n")),
            Is.EqualTo("scenarios/x.yaml:9:22: expected a server for faults[0].crash (server-0 .. server-2, or { leader: P } / { follower: P }), got 'node1'"));
    }

    [Test]
    public void A_pause_needs_a_duration()
    {
        Assert.That(
            ErrorOf(ScenarioTexts.MinimalWith("faults:\n  - { at: 4s, pause: server-1 }\n")),
            Does.StartWith("scenarios/x.yaml:9:5: faults[0]: pause needs 'for' (how long)"));
    }

    [Test]
    public void A_crash_rejects_a_duration()
    {
        Assert.That(
            ErrorOf(ScenarioTexts.MinimalWith("faults:\n  - { at: 4s, crash: server-1, for: 2s }\n")),
            Does.StartWith("scenarios/x.yaml:9:32: faults[0]: 'for' is not allowed with crash"));
    }

    [Test]
    public void A_record_fault_on_the_realtime_topic_needs_a_hybrid_store()
    {
        Assert.That(
            ErrorOf(ScenarioTexts.MinimalWith("faults:\n  - { at: 4s, loseRecord: { topic: realtime, partition: 0 } }\n")),
            Does.StartWith("scenarios/x.yaml:9:36: faults[0].loseRecord.topic: a batch store has no realtime topic"));
    }

    [Test]
    public void A_fault_partition_outside_the_store_is_rejected()
    {
        Assert.That(
            ErrorOf(ScenarioTexts.MinimalWith("faults:\n  - { at: 4s, moveLeader: { partition: 2 } }\n")),
            Is.EqualTo("scenarios/x.yaml:9:40: faults[0].moveLeader.partition must be at most 1, got 2"));
    }

    [Test]
    public void A_fault_after_the_fault_phase_is_rejected()
    {
        Assert.That(
            ErrorOf(ScenarioTexts.MinimalWith("phases: { faultsUntil: 10s }\nfaults:\n  - { at: 11s, crash: server-1 }\n")),
            Does.StartWith("scenarios/x.yaml:10:11: faults[0].at (11000ms) is after phases.faultsUntil (10000ms)"));
    }

    [Test]
    public void An_unknown_defect_lists_the_catalog()
    {
        Assert.That(
            ErrorOf(ScenarioTexts.MinimalWith("defects: [promote-without-wait, make-it-fast]\n")),
            Does.StartWith("scenarios/x.yaml:8:33: unknown defect 'make-it-fast' in defects; expected one of: promote-without-wait, checkpoint-before-sync,"));
    }

    [Test]
    public void A_defect_listed_twice_is_rejected()
    {
        Assert.That(
            ErrorOf(ScenarioTexts.MinimalWith("defects: [keep-cv-on-drop, keep-cv-on-drop]\n")),
            Is.EqualTo("scenarios/x.yaml:8:28: defect 'keep-cv-on-drop' is listed twice in defects"));
    }

    [Test]
    public void An_unknown_expected_invariant_lists_the_catalog()
    {
        Assert.That(
            ErrorOf(ScenarioTexts.MinimalWith("expect: { violations: [no-bugs] }\n")),
            Does.StartWith("scenarios/x.yaml:8:24: unknown invariant 'no-bugs' in expect.violations; expected one of: single-leader-writer,"));
    }

    [Test]
    public void An_unknown_version_status_is_rejected()
    {
        Assert.That(
            ErrorOf(ScenarioTexts.MinimalWith("expect: { versionStatus: online }\n")),
            Does.StartWith("scenarios/x.yaml:8:26: unknown value 'online' for expect.versionStatus; expected one of: NOT_CREATED, STARTED, PUSHED, ONLINE, ERROR, KILLED"));
    }

    [Test]
    public void An_unknown_config_option_is_rejected_when_the_engine_supplies_the_names()
    {
        var options = new ScenarioLoadOptions { KnownConfigOptions = new HashSet<string> { "zeta", "checksum" } };

        var result = ScenarioLoader.Parse(ScenarioTexts.MinimalWith("config: { checksun: md5 }\n"), "scenarios/x.yaml", options);

        Assert.That(result.Error?.ToString(), Is.EqualTo("scenarios/x.yaml:8:11: unknown config option 'checksun'; expected one of: checksum, zeta"));
    }

    [Test]
    public void A_config_value_must_be_a_scalar()
    {
        Assert.That(
            ErrorOf(ScenarioTexts.MinimalWith("config: { checksum: [a, b] }\n")),
            Is.EqualTo("scenarios/x.yaml:8:21: config option 'checksum' must have a single value, got a list"));
    }

    [Test]
    public void A_missing_file_is_an_error_not_an_exception()
    {
        var result = ScenarioLoader.Load("no/such/scenario.yaml");

        Assert.That(result.Error?.ToString(), Does.StartWith("no/such/scenario.yaml: file not found"));
    }

    private static string? ErrorOf(string text)
    {
        var result = ScenarioLoader.Parse(text, "scenarios/x.yaml");
        Assert.That(result.Succeeded, Is.False, "the scenario should have been rejected");
        return result.Error?.ToString();
    }
}
