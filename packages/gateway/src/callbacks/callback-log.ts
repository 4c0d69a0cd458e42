/** Provider callback messages accepted recently, so one seen again is known as a replay. */
export interface CallbackLog {
  /**
   * Records `messageId` of `provider` as received at `receivedAtMs` and forgets messages received
   * before `forgetBeforeMs`. False when the message was already recorded (a replay).
   */
  remember(provider: string, messageId: string, receivedAtMs: number, forgetBeforeMs: number): Promise<boolean>;
}
