import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { idParam, inviteSchema, type Invitation, type Invite, type ReceivedInvitation, type Workspace } from '@foretell/contracts';
import { CurrentActor, MinRole, type Actor } from './actor';
import { INVITER_ROLE, InvitationsService } from './invitations.service';

const uuid = idParam('an invitation');

/**
 * Owners invite and revoke under members/invitations; the invitee answers under invitations/ whatever their role in the
 * workspace they look at (a viewer may join another workspace), hence MinRole('viewer') on the writes.
 */
@Controller()
export class InvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  /** 202 whatever the e-mail: the invitation waits for its invitee, and says nothing about whether they have an account. */
  @Post('members/invitations')
  @MinRole(INVITER_ROLE)
  @HttpCode(202)
  invite(@CurrentActor() actor: Actor, @Body({ schema: inviteSchema }) body: Invite): Promise<Invitation> {
    return this.invitations.invite(actor, body);
  }

  @Get('members/invitations')
  @MinRole('owner')
  pending(@CurrentActor() actor: Actor): Promise<Invitation[]> {
    return this.invitations.pending(actor);
  }

  @Delete('members/invitations/:invitationId')
  @MinRole('owner')
  @HttpCode(204)
  async revoke(@CurrentActor() actor: Actor, @Param('invitationId', { schema: uuid }) id: string): Promise<void> {
    await this.invitations.revoke(actor, id);
  }

  @Get('invitations')
  received(@CurrentActor() actor: Actor): Promise<ReceivedInvitation[]> {
    return this.invitations.received(actor);
  }

  @Post('invitations/:id/accept')
  @MinRole('viewer')
  @HttpCode(200)
  accept(@CurrentActor() actor: Actor, @Param('id', { schema: uuid }) id: string): Promise<Workspace> {
    return this.invitations.accept(actor, id);
  }

  @Post('invitations/:id/decline')
  @MinRole('viewer')
  @HttpCode(204)
  async decline(@CurrentActor() actor: Actor, @Param('id', { schema: uuid }) id: string): Promise<void> {
    await this.invitations.decline(actor, id);
  }
}
