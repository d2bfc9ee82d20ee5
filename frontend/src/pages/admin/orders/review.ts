/** Which orders each view of the review queue holds, so a row that an action moved out of it leaves the list. */
export type QueueView = 'review' | 'held'

export function stillQueued(order: { status: string; needs_review: boolean }, view: QueueView): boolean {
  return view === 'held' ? order.status === 'on_hold' : order.needs_review
}
