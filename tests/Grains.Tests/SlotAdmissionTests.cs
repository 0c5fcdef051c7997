using ScenarioGrid.Grains.Scheduling;

namespace ScenarioGrid.Grains.Tests;

/// <summary>The order in which a silo grants its simulation slots (no timing: grants are checked after each release).</summary>
public class SlotAdmissionTests
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task A_freed_slot_goes_to_a_waiting_interactive_unit_before_an_overnight_one_that_waited_longer()
    {
        var slots = new SlotAdmission(1);
        var running = await slots.Enter(BatchPriority.Overnight, Long);
        Assert.NotNull(running);
        var overnight = slots.Enter(BatchPriority.Overnight, Long);
        var interactive = slots.Enter(BatchPriority.Interactive, Long);
        Assert.Equal(2, slots.Waiting);

        running!.Dispose();
        using (var granted = await interactive) Assert.NotNull(granted);
        Assert.False(overnight.IsCompleted); // still waiting while the interactive unit runs
        Assert.NotNull(await overnight);
    }

    [Fact]
    public async Task Under_full_demand_the_classes_share_the_slots_16_4_1_and_none_starves()
    {
        var slots = new SlotAdmission(1);
        var holder = (await slots.Enter(BatchPriority.Normal, Long))!;
        // 40 waiting units of each class, granted one at a time: record the class of each grant.
        var order = new List<BatchPriority>();
        var waiting = new List<(BatchPriority Priority, Task<IDisposable?> Grant)>();
        foreach (var p in new[] { BatchPriority.Overnight, BatchPriority.Normal, BatchPriority.Interactive })
            for (int i = 0; i < 40; i++) waiting.Add((p, slots.Enter(p, Long)));
        var current = holder;
        for (int grant = 0; grant < 42; grant++)
        {
            current.Dispose(); // frees the one slot: exactly one waiting unit gets it
            var next = await Task.WhenAny(waiting.Select(w => w.Grant));
            var entry = waiting.First(w => w.Grant == next);
            waiting.Remove(entry);
            order.Add(entry.Priority);
            current = (await next)!;
            Assert.DoesNotContain(waiting, w => w.Grant.IsCompleted);
        }
        // Proportional shares of 42 grants at weights 16 : 4 : 1 are 32, 8 and 2; stride scheduling keeps each class
        // within one grant of its share.
        Assert.InRange(order.Count(p => p == BatchPriority.Interactive), 31, 33);
        Assert.InRange(order.Count(p => p == BatchPriority.Normal), 7, 9);
        Assert.InRange(order.Count(p => p == BatchPriority.Overnight), 1, 3);
        // The first grant after the interactive units arrive is theirs, though the overnight ones queued first.
        Assert.Equal(BatchPriority.Interactive, order[0]);
        current.Dispose();
    }

    [Fact]
    public async Task A_unit_that_gets_no_slot_in_time_is_handed_back_and_leaves_the_queue()
    {
        var slots = new SlotAdmission(1);
        using var running = await slots.Enter(BatchPriority.Interactive, Long);
        Assert.Null(await slots.Enter(BatchPriority.Overnight, TimeSpan.FromMilliseconds(50)));
        Assert.Equal(0, slots.Waiting);
    }
}
