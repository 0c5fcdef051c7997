namespace ScenarioGrid.Grains;

public static class BatchWaiting
{
    /// <summary>
    /// Polls the batch until it has finished (Completed, Failed or Cancelled) and returns its last view;
    /// <paramref name="onProgress"/> sees every view on the way.
    /// </summary>
    public static async Task<BatchView> WaitUntilFinished(this IBatchGrain batch, TimeSpan pollInterval,
        Action<BatchView>? onProgress = null, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var view = await batch.GetStatus(cancellationToken);
            onProgress?.Invoke(view);
            if (view.IsFinished) return view;
            await Task.Delay(pollInterval, cancellationToken);
        }
    }
}
